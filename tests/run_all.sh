#!/usr/bin/env bash
# Builds and runs every test suite: a normal build (all targets, all tests), then clang-tidy
# and cppcheck over engine/, ui/ and app/ with that build's compile database
# (tests/static_analysis.sh), then the .deb built from the normal build, installed and
# smoke-tested (as root only: packaging/smoke-test-deb.sh), then the engine and other non-GUI
# suites under ASan+UBSan, then the engine suites under TSan, then a short run of each
# libFuzzer target (tests/fuzz).
#
#   SOCKETSERVER_WERROR=ON   warnings fail the build (CI sets it)
#   SKIP_SANITIZERS=1        only the normal build, for a quick local check (no fuzzing either)
#   SKIP_STATIC_ANALYSIS=1   no clang-tidy and cppcheck (they take minutes), for a quick local check
#   FUZZ_SECONDS=N           seconds of fuzzing per libFuzzer target (default 5)
#
# Any failing step stops the script with a non-zero exit code.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n=== %s\n' "$*"; }

werror="${SOCKETSERVER_WERROR:-OFF}"

step "normal build (RelWithDebInfo) in build/"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCKETSERVER_WERROR="$werror"
cmake --build build -j2
ctest --test-dir build --output-on-failure -j2

if [[ "${SKIP_STATIC_ANALYSIS:-0}" == "1" ]]; then
  step "static analysis skipped (SKIP_STATIC_ANALYSIS=1)"
else
  step "static analysis: clang-tidy and cppcheck over engine/, ui/ and app/"
  bash tests/static_analysis.sh build
fi

step "packages: .deb and .tar.gz from build/, the .deb installed and smoke-tested"
bash packaging/smoke-test-deb.sh build

if [[ "${SKIP_SANITIZERS:-0}" == "1" ]]; then
  step "sanitizer builds skipped (SKIP_SANITIZERS=1)"
  exit 0
fi

# Debug, so that assertions are live where the sanitizers look; the console is left out
# because Qt's own libraries are not instrumented, and only code we build can be checked.
sanitizer_build() { # <dir> <address|thread>
  cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSOCKETSERVER_WERROR="$werror" \
    -DSOCKETSERVER_SANITIZE="$2" -DSOCKETSERVER_BUILD_GUI=OFF \
    -DSOCKETSERVER_BUILD_BENCH=OFF -DSOCKETSERVER_BUILD_EXAMPLES=OFF
  cmake --build "$1" -j2
}

step "ASan + UBSan build in build-asan/"
sanitizer_build build-asan address
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j2 -LE no-sanitizers

step "TSan build in build-tsan/ (engine suites, except those labelled no-tsan)"
sanitizer_build build-tsan thread
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1 \
  ctest --test-dir build-tsan --output-on-failure -j2 -L engine -LE 'no-tsan|no-sanitizers'

# A short pass over each fuzz target: the seeds and past findings replay, then a few seconds
# of mutation; tests/fuzz/run_fuzzers.sh with a longer time is the real campaign.
step "libFuzzer targets in build-fuzz/ (clang), ${FUZZ_SECONDS:-5} s each"
SOCKETSERVER_WERROR="$werror" tests/fuzz/run_fuzzers.sh "${FUZZ_SECONDS:-5}"

step "all test runs passed"
