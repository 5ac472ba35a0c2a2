#!/usr/bin/env bash
# Builds the .deb and .tar.gz from a finished build and checks them as a user would:
#   - the .tar.gz, unpacked anywhere: its console runs, its socketserver.pc finds its headers;
#   - the .deb, installed on this machine with apt-get (as root only):
#     - socketserver-console on PATH, --version, the man page, the desktop entry and the icon;
#     - the headless console serving TCP (127.0.0.1, port 0) and a Unix socket, talked to;
#     - an installed example program, talked to;
#     - the installed engine: pkg-config, and the installed example sources built with
#       find_package(socketserver) against /usr, then run and talked to.
# The .deb is removed again at the end, pass or fail, so that a rerun starts clean (a
# socketserver-console package installed before is replaced, then removed too).
#
#   packaging/smoke-test-deb.sh [BUILD_DIR]     (default: build)
#
# Installing needs root: as another user (a developer's machine) the script builds and checks
# both packages, says that it does not install, and exits 0. CI runs as root
# (tests/run_all.sh calls this script after the normal build).
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

for tool in dpkg-deb cpack python3 pkg-config; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' not found (packaging/bootstrap-debian.sh)"
done

work="$(mktemp -d /tmp/socketserver-smoke.XXXXXX)"
installing=0
cleanup() {
  rm -rf "$work"
  if ((installing)) &&
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" == installed ]]; then
    echo "smoke-test-deb: removing $package"
    DEBIAN_FRONTEND=noninteractive apt-get remove -y "$package" >/dev/null
  fi
}
trap cleanup EXIT

step "cpack -G DEB;TGZ in $build_dir"
rm -f "$build_dir/${package}_"*.deb "$build_dir/${package}-"*.tar.gz
(cd "$build_dir" && cpack -G "DEB;TGZ") >"$build_dir/cpack.log" 2>&1 ||
  fail "cpack failed; see $build_dir/cpack.log"
debs=("$build_dir/${package}_"*"_$(dpkg --print-architecture).deb")
[[ ${#debs[@]} == 1 && -f "${debs[0]}" ]] || fail "expected one .deb in $build_dir, got: ${debs[*]}"
deb="${debs[0]}"
version="$(dpkg-deb -f "$deb" Version)"
echo "$(basename "$deb"): version $version, depends: $(dpkg-deb -f "$deb" Depends)"
dpkg-deb -f "$deb" Depends | grep -q "libqt6widgets6" ||
  fail "the .deb does not depend on libqt6widgets6 (dpkg-shlibdeps did not run?)"

step "the .tar.gz, unpacked anywhere"
tgz="$build_dir/${package}-${version}-Linux.tar.gz"
[[ -f "$tgz" ]] || fail "no $(basename "$tgz") in $build_dir"
tar -xzf "$tgz" -C "$work"
unpacked="$work/${package}-${version}-Linux"
printed="$("$unpacked/bin/socketserver-console" --version)"
[[ "$printed" == "socketserver-console $version" ]] ||
  fail "the unpacked console's --version printed '$printed'"
# The .pc file finds its prefix from its own place, so it is right in the unpacked tree.
includedir="$(PKG_CONFIG_PATH="$unpacked/lib/pkgconfig" pkg-config --variable=includedir socketserver)"
[[ -f "$includedir/socketserver.hpp" ]] ||
  fail "the unpacked socketserver.pc points at '$includedir', which has no socketserver.hpp"
echo "$printed; socketserver.pc finds $(realpath "$includedir")/socketserver.hpp"

if ((EUID != 0)); then
  echo "smoke-test-deb: not installing the .deb: that needs root (CI runs as root)."
  exit 0
fi
for tool in apt-get desktop-file-validate; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' not found (packaging/bootstrap-debian.sh)"
done

step "apt-get install $deb"
installing=1
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
