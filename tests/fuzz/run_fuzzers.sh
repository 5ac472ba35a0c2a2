#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each for a bounded time.
#
#   tests/fuzz/run_fuzzers.sh [SECONDS_PER_TARGET]     (default 60; tests/run_all.sh passes a
#                                                       few seconds, a real campaign 300+)
#   FUZZ_TARGETS="fuzz_address fuzz_readline"          only these targets
#   SOCKETSERVER_WERROR=ON                             warnings fail the build (CI sets it)
#   FUZZ_BUILD_DIR=dir                                 build there instead of build-fuzz/
#
# Each target first replays its seeds (tests/fuzz/corpus/<target>/, including the inputs of
# past findings) and what earlier runs found (build-fuzz/fuzz-corpus/<target>/, kept between
# runs so that coverage accumulates), then mutates for the time given. Prints executions per
# target and exits non-zero on any finding: a crash, a sanitizer report, a broken property, a
# leak, a timeout. The failing input is saved as build-fuzz/fuzz-findings/<target>/crash-*
# and the log next to it; replay it with `build-fuzz/tests/fuzz/<target> <file>`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "run_fuzzers: SECONDS_PER_TARGET must be a positive whole number, got '$seconds'" >&2
  exit 2
fi
read -r -a targets <<<"${FUZZ_TARGETS:-fuzz_address fuzz_spec_url fuzz_profile fuzz_byte_text fuzz_readline}"
build="${FUZZ_BUILD_DIR:-build-fuzz}"

for tool in clang clang++; do
  if ! command -v "$tool" >/dev/null; then
    echo "run_fuzzers: $tool not found (packaging/bootstrap-debian.sh installs it)" >&2
    exit 2
  fi
done
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi

# Only the engine and the parsers are built: no console, no Qt Test suites, no examples.
cmake -S . -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSOCKETSERVER_WERROR="${SOCKETSERVER_WERROR:-OFF}" -DSOCKETSERVER_BUILD_FUZZ=ON \
  -DSOCKETSERVER_BUILD_GUI=OFF -DSOCKETSERVER_BUILD_TESTS=OFF \
  -DSOCKETSERVER_BUILD_EXAMPLES=OFF -DSOCKETSERVER_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j2 --target "${targets[@]}"

stat() { # <log> <name>: one of libFuzzer's -print_final_stats figures
  sed -n "s/^stat::$2: *\([0-9]*\).*/\1/p" "$1" | tail -n 1
}

failed=()
summary=()
for target in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$target"
  findings="$build/fuzz-findings/$target"
  mkdir -p "$corpus" "$findings"
  log="$findings/last-run.log"
  printf '\n=== %s: %s s\n' "$target" "$seconds"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a blow-up is a finding too.
  dict=()
  if [[ -f "tests/fuzz/$target.dict" ]]; then
    dict=(-dict="tests/fuzz/$target.dict")
  fi
  status=0
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$findings/" "${dict[@]}" \
    "$corpus" "tests/fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  runs="$(stat "$log" number_of_executed_units)"
  rate="$(stat "$log" average_exec_per_sec)"
  units="$(find "$corpus" -type f | wc -l)"
  if ((status != 0)) || compgen -G "$findings/crash-*" >/dev/null ||
    compgen -G "$findings/leak-*" >/dev/null || compgen -G "$findings/timeout-*" >/dev/null ||
    compgen -G "$findings/oom-*" >/dev/null; then
    grep -E 'property violated|ERROR: |SUMMARY: ' -A2 "$log" | head -n 20 || true
    echo "FINDING: see $log and $findings/"
    failed+=("$target")
    result=FINDING
  else
    result=ok
  fi
  summary+=("$(printf '%-16s %10s executions %8s/s %6s corpus files  %s' \
    "$target" "${runs:-?}" "${rate:-?}" "$units" "$result")")
done

printf '\n=== fuzzing summary (%s s per target)\n' "$seconds"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]} > 0)); then
  echo "run_fuzzers: findings in ${failed[*]}" >&2
  exit 1
fi
