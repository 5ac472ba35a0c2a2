#!/usr/bin/env bash
# The engine as an outside project sees it. Registered with CTest by tests/install/:
#
#   check_install.sh BUILD_DIR SOURCE_DIR WORK_DIR VERSION [CMAKE] [CXX] [LAUNCHER]
#
#   1. cmake --install BUILD_DIR into WORK_DIR/prefix, and check the installed layout;
#   2. find_package: configure and build tests/install/consumer against that prefix, out of
#      tree, and run its echo server on 127.0.0.1 port 0 and on a Unix socket path;
#   3. pkg-config: compile the same source with `pkg-config --cflags --libs socketserver`;
#   4. FetchContent and add_subdirectory(): build the consumer with the engine taken from
#      SOURCE_DIR as a subproject.
# Every server is talked to by serve_and_talk.py, which checks the reply and the exit status.
# WORK_DIR is emptied first. Exit status 0 when every step passed.
set -euo pipefail

build_dir="$(realpath "$1")"
source_dir="$(realpath "$2")"
work_dir="$3"
expected_version="$4" # the project's, e.g. 1.0.0
cmake="${5:-cmake}"
cxx="${6:-c++}"
launcher="${7:-}"
major="${expected_version%%.*}"

here="$(dirname "$(realpath "${BASH_SOURCE[0]}")")"
consumer_source="$here/consumer"
talk=(python3 "$here/serve_and_talk.py")

step() { printf '\n--- %s\n' "$*"; }
fail() {
  echo "check_install: $*" >&2
  exit 1
}

rm -rf "$work_dir"
mkdir -p "$work_dir"
work_dir="$(realpath "$work_dir")"
prefix="$work_dir/prefix"
# Unix socket paths must fit sun_path (108 bytes), which a deep build folder may not.
socket_dir="$(mktemp -d /tmp/socketserver-install-test.XXXXXX)"
trap 'rm -rf "$socket_dir"' EXIT

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
consumer_options=("${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx")
[[ -n "$launcher" ]] && consumer_options+=(-DCMAKE_CXX_COMPILER_LAUNCHER="$launcher")

# Runs the consumer program $1 on 127.0.0.1:0 and on a Unix path, one connection each.
serve_both() {
  "${talk[@]}" --send "hello" --expect "echo: hello" --stop exit -- "$1" 127.0.0.1:0 1
  local path
  path="$socket_dir/$(basename "$1")-$RANDOM.sock"
  "${talk[@]}" --send "over unix" --expect "echo: over unix" --stop exit -- "$1" "$path" 1
}

step "cmake --install into $prefix"
"$cmake" --install "$build_dir" --prefix "$prefix" >"$work_dir/install.log" ||
  fail "cmake --install failed; see $work_dir/install.log"
libdir=""
for candidate in "$prefix"/lib "$prefix"/lib64 "$prefix"/lib/*-linux-gnu; do
  [[ -f "$candidate/cmake/socketserver/socketserverConfig.cmake" ]] && libdir="$candidate"
done
[[ -n "$libdir" ]] || fail "no lib*/cmake/socketserver/socketserverConfig.cmake under $prefix"
for file in \
  "$libdir/cmake/socketserver/socketserverConfigVersion.cmake" \
  "$libdir/cmake/socketserver/socketserverTargets.cmake" \
  "$libdir/pkgconfig/socketserver.pc" \
  "$prefix/include/socketserver.hpp" \
  "$prefix/include/socketserver/tcp_server.hpp" \
  "$prefix/include/socketserver/detail/worker_pool.hpp"; do
  [[ -f "$file" ]] || fail "not installed: ${file#"$prefix"/}"
done
compgen -G "$libdir/libsocketserver.*" >/dev/null || fail "no libsocketserver.* in $libdir"
echo "installed: $(find "$prefix" -type f | wc -l) files"

step "find_package(socketserver $major.0 REQUIRED): consumer built out of tree"
"$cmake" -S "$consumer_source" -B "$work_dir/package-build" "${consumer_options[@]}" \
  -DSOCKETSERVER_CONSUME=package -DCMAKE_PREFIX_PATH="$prefix" >"$work_dir/package-configure.log" ||
  fail "consumer configure failed; see $work_dir/package-configure.log"
grep -F "socketserver $expected_version found in $libdir/cmake/socketserver" \
  "$work_dir/package-configure.log" || fail "the consumer did not find $expected_version in $prefix"
"$cmake" --build "$work_dir/package-build" -j2 >"$work_dir/package-build.log" ||
  fail "consumer build failed; see $work_dir/package-build.log"
serve_both "$work_dir/package-build/echo_consumer"

step "find_package(socketserver $((major + 1)).0) must fail (SameMajorVersion)"
mkdir -p "$work_dir/too-new"
cat >"$work_dir/too-new/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(too_new LANGUAGES CXX)
find_package(socketserver ${next_major}.0 REQUIRED)
EOF
if "$cmake" -S "$work_dir/too-new" -B "$work_dir/too-new-build" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -Dnext_major=$((major + 1)) >"$work_dir/too-new.log" 2>&1; then
  fail "find_package(socketserver $((major + 1)).0) succeeded against $expected_version"
fi
grep -q "version: ${expected_version}" "$work_dir/too-new.log" ||
  fail "find_package(socketserver $((major + 1)).0) failed for another reason; see $work_dir/too-new.log"
echo "refused, as it must be"

step "pkg-config --cflags --libs socketserver"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
pkg-config --exact-version="$expected_version" socketserver ||
  fail "pkg-config: no socketserver $expected_version"
read -r -a pc_flags <<<"$(pkg-config --cflags --libs socketserver)"
echo "${pc_flags[*]}"
"$cxx" -std=c++20 -O1 -o "$work_dir/echo_consumer_pkgconfig" \
  "$consumer_source/echo_consumer.cpp" "${pc_flags[@]}" ||
  fail "compiling with pkg-config's flags failed"
serve_both "$work_dir/echo_consumer_pkgconfig"

for way in fetchcontent subdirectory; do
  step "$way: the engine built from $source_dir as a subproject of the consumer"
  "$cmake" -S "$consumer_source" -B "$work_dir/$way-build" "${consumer_options[@]}" \
    -DSOCKETSERVER_CONSUME="$way" -DSOCKETSERVER_SOURCE_DIR="$source_dir" \
    >"$work_dir/$way-configure.log" ||
    fail "consumer configure failed; see $work_dir/$way-configure.log"
  # A subproject builds the engine only: no Qt, no tests, no examples, no install rules.
  if grep -q "Qt6" "$work_dir/$way-build/CMakeCache.txt"; then
    fail "the subproject looked for Qt; its GUI/tests must default to OFF there"
  fi
  "$cmake" --build "$work_dir/$way-build" -j2 >"$work_dir/$way-build.log" ||
    fail "consumer build failed; see $work_dir/$way-build.log"
  serve_both "$work_dir/$way-build/echo_consumer"
done

step "the engine, installed and as a subproject, works for an outside project"
