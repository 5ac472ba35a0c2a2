#!/usr/bin/env bash
# Installs everything needed to build, run and test SocketServer Console on Debian 12.
#
# Idempotent: when every package is already installed it touches nothing (and needs no
# root), so running it before each build costs a second. Runs as root, or through sudo
# when started by another user; a fresh Debian has no sudo, hence no `sudo` in the README.
set -euo pipefail

packages=(
  # toolchain and build
  build-essential cmake ninja-build pkg-config
  # Qt 6: widgets, network, test, tools (lupdate/lrelease), and the SVG plugins that load the
  # icon at run time
  qt6-base-dev qt6-base-dev-tools libgl-dev qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools
  libqt6svg6 qt6-svg-dev
  # Qt's own Chinese (standard dialogs' buttons) for the zh_CN console and its test
  qt6-translations-l10n
  # windows and screenshots without a display
  xvfb xauth imagemagick fonts-noto-cjk
  # TLS: the engine's TLSServer, its tests' certificates and the console's (OpenSSL 3; without
  # it the engine builds with no TLS and the TLS suites are left out)
  libssl-dev
  # clang and its sanitizer runtimes, as a second compiler
  clang libclang-rt-14-dev
  # static analysis (tests/static_analysis.sh): clang-tidy (with run-clang-tidy) and cppcheck
  clang-tidy cppcheck
  # test helpers: python3 (reference behaviour), readelf (binutils), ps/pgrep (procps)
  python3 binutils procps
  # API reference (docs target) and its undocumented-symbol check; no graphviz: no graphs
  doxygen
  # packages: CPack's DEB derives the Qt dependencies with dpkg-shlibdeps (dpkg-dev), which
  # it runs on the files that `file` says are ELF
  dpkg-dev file
  # checks the desktop entry (tests/install, packaging/smoke-test-deb.sh)
  desktop-file-utils
)

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == "installed" ]]
}

missing=()
for pkg in "${packages[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "bootstrap-debian: all ${#packages[@]} packages already installed; nothing to do."
  exit 0
fi

if ((EUID == 0)); then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "bootstrap-debian: missing packages (${missing[*]}) and not root, and sudo is absent." >&2
  echo "bootstrap-debian: run this script as root." >&2
  exit 1
fi

echo "bootstrap-debian: missing: ${missing[*]}"
echo "bootstrap-debian: apt-get update"
"${as_root[@]}" apt-get update

# A name that apt does not know fails here with a clear message, before a long install.
for pkg in "${missing[@]}"; do
  # (Captured first: with pipefail, grep -q closing the pipe early would fail the test.)
  policy="$(apt-cache policy "$pkg" 2>/dev/null)"
  if [[ "$policy" != *"Candidate: "* || "$policy" == *"Candidate: (none)"* ]]; then
    echo "bootstrap-debian: package '$pkg' is not available from the configured sources." >&2
    exit 1
  fi
done

echo "bootstrap-debian: apt-get install ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
echo "bootstrap-debian: done."
