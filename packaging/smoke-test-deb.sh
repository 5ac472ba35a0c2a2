#!/usr/bin/env bash
# Builds the .deb and .tar.gz from a finished build, installs the .deb on this machine with
# apt-get, and checks what a user of the package gets:
#   - socketserver-console on PATH, --version, the man page, the desktop entry and the icon;
#   - the headless console serving TCP (127.0.0.1, port 0) and a Unix socket, talked to;
#   - an installed example program, talked to;
#   - the installed engine: pkg-config, and the installed example sources built with
#     find_package(socketserver) against /usr, then run and talked to.
# The package is removed again at the end, pass or fail, so that a rerun starts clean (a
# socketserver-console package installed before is replaced, then removed too).
#
#   packaging/smoke-test-deb.sh [BUILD_DIR]     (default: build)
#
# Installing needs root: as another user (a developer's machine) the script says so and exits
# 0 without installing anything. CI runs as root (tests/run_all.sh calls this script).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$(realpath "${1:-$root/build}")"
talk=(python3 "$root/tests/install/serve_and_talk.py")
package=socketserver-console

step() { printf '\n--- %s\n' "$*"; }
fail() {
  echo "smoke-test-deb: $*" >&2
  exit 1
}

if ((EUID != 0)); then
  echo "smoke-test-deb: skipped: installing the .deb needs root (CI runs as root)."
  exit 0
fi
for tool in apt-get dpkg-deb cpack python3 desktop-file-validate; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' not found (packaging/bootstrap-debian.sh)"
done

step "cpack -G DEB;TGZ in $build_dir"
rm -f "$build_dir/${package}_"*.deb "$build_dir/${package}-"*.tar.gz
(cd "$build_dir" && cpack -G "DEB;TGZ") >"$build_dir/cpack.log" ||
  fail "cpack failed; see $build_dir/cpack.log"
debs=("$build_dir/${package}_"*"_$(dpkg --print-architecture).deb")
[[ ${#debs[@]} == 1 && -f "${debs[0]}" ]] || fail "expected one .deb in $build_dir, got: ${debs[*]}"
deb="${debs[0]}"
compgen -G "$build_dir/${package}-*.tar.gz" >/dev/null || fail "no .tar.gz in $build_dir"
version="$(dpkg-deb -f "$deb" Version)"
echo "$(basename "$deb"): version $version, depends: $(dpkg-deb -f "$deb" Depends)"
dpkg-deb -f "$deb" Depends | grep -q "libqt6widgets6" ||
  fail "the .deb does not depend on libqt6widgets6 (dpkg-shlibdeps did not run?)"

work="$(mktemp -d /tmp/socketserver-smoke.XXXXXX)"
cleanup() {
  rm -rf "$work"
  if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" == installed ]]; then
    echo "smoke-test-deb: removing $package"
    DEBIAN_FRONTEND=noninteractive apt-get remove -y "$package" >/dev/null
  fi
}
trap cleanup EXIT

step "apt-get install $deb"
# --reinstall: the same version may be installed from an earlier run; no recommends, so that
# nothing beyond the dependencies (already there on a machine that built it) is fetched.
DEBIAN_FRONTEND=noninteractive apt-get install -y --reinstall --no-install-recommends "$deb" \
  >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get install failed"; }

step "what the package installed"
[[ "$(command -v socketserver-console)" == /usr/bin/socketserver-console ]] ||
  fail "socketserver-console is not /usr/bin/socketserver-console on PATH"
printed="$(socketserver-console --version)"
[[ "$printed" == "socketserver-console $version" ]] ||
  fail "--version printed '$printed', expected 'socketserver-console $version'"
echo "$printed"
zcat /usr/share/man/man1/socketserver-console.1.gz | grep -q '^\.TH SOCKETSERVER-CONSOLE 1' ||
  fail "no man page socketserver-console(1)"
desktop_entry=/usr/share/applications/socketserver-console.desktop
grep -qx "Exec=socketserver-console" "$desktop_entry" ||
  fail "no desktop entry starting socketserver-console"
desktop-file-validate "$desktop_entry" || fail "desktop-file-validate rejects $desktop_entry"
[[ -s /usr/share/icons/hicolor/scalable/apps/socketserver-console.svg ]] || fail "no icon"
echo "man page, desktop entry and icon installed"

step "the installed console, headless"
"${talk[@]}" --send "hello" --expect "HELLO" -- \
  socketserver-console --headless --serve 'tcp://127.0.0.1:0?handler=upper'
"${talk[@]}" --send "over unix" --expect "over unix" -- \
  socketserver-console --headless --serve "unix://$work/console.sock?mode=threading"

step "an installed example"
"${talk[@]}" --send "hello world" --expect "HELLO WORLD" -- \
  /usr/libexec/socketserver/examples/tcp_upper_echo 127.0.0.1:0

step "the installed engine: pkg-config, and the example sources with find_package"
printed="$(pkg-config --modversion socketserver)"
[[ "$printed" == "$version" ]] || fail "pkg-config says socketserver $printed, expected $version"
echo "pkg-config: socketserver $printed"
cp -r /usr/share/doc/socketserver/examples "$work/examples"
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
if ! cmake -S "$work/examples" -B "$work/examples-build" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=Release >"$work/examples.log" 2>&1 ||
  ! cmake --build "$work/examples-build" --target tcp_upper_echo >>"$work/examples.log" 2>&1; then
  cat "$work/examples.log" >&2
  fail "the installed examples do not build against /usr"
fi
"${talk[@]}" --send "built here" --expect "BUILT HERE" -- \
  "$work/examples-build/tcp_upper_echo" 127.0.0.1:0

step "the .deb installs and serves; removing it"
