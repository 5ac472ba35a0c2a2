#!/usr/bin/env bash
# Static analysis of engine/, ui/ and app/: clang-tidy (the checks in .clang-tidy) and cppcheck,
# both driven by the compile_commands.json of a configured build, so that they see exactly the
# flags, defines and include paths the compiler sees. Any finding fails the script.
#
#   tests/static_analysis.sh [build-dir]     (default: build; configured, and built once so that
#                                             the moc output exists)
#
# A finding that is wrong in one place is silenced in the source, on that line, with its reason:
#   clang-tidy:  // NOLINT(check-name): why
#   cppcheck:    // cppcheck-suppress checkId  (on the line above), with why in the same comment
# Tests, examples and benchmarks are left out: they are checked by the compilers' warnings.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build="${1:-build}"
database="$build/compile_commands.json"
if [[ ! -f "$database" ]]; then
  echo "static_analysis: no $database; configure the build first (cmake -S . -B $build)" >&2
  exit 2
fi
for tool in run-clang-tidy clang-tidy cppcheck python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "static_analysis: '$tool' is missing (packaging/bootstrap-debian.sh installs it)" >&2
    exit 2
  fi
done

# A database with only our library and console sources: the moc output and the tests in the
# full database are not ours to judge here.
filtered="$build/static-analysis"
mkdir -p "$filtered"
python3 - "$database" "$PWD" "$filtered/compile_commands.json" <<'EOF'
import json, os, sys
database, root, out = sys.argv[1:]
ours = tuple(os.path.join(root, folder) + os.sep for folder in ("engine/src", "ui", "app"))
entries = [e for e in json.load(open(database))
           if os.path.join(e["directory"], e["file"]).startswith(ours)]
if not entries:
    sys.exit("static_analysis: no engine/, ui/ or app/ sources in " + database)
json.dump(entries, open(out, "w"), indent=1)
print(f"static_analysis: {len(entries)} translation units")
EOF

status=0
seconds() { date +%s; }

start=$(seconds)
echo "=== clang-tidy ($(clang-tidy --version | grep -o 'version [0-9.]*'))"
# run-clang-tidy always asks for colour; the log is easier to read without it. grep finding
# nothing left to print is not a failure, so only run-clang-tidy's own status counts.
set +o pipefail
run-clang-tidy -quiet -j "${STATIC_ANALYSIS_JOBS:-2}" -p "$filtered" 2>&1 |
  sed -u 's/\x1b\[[0-9;]*m//g' | {
  grep -v -e '^[0-9]* warnings\? generated\.$' -e '^Suppressed [0-9]* warnings' \
    -e '^Use -header-filter=' -e '^$' || true
}
tidy_status=${PIPESTATUS[0]}
set -o pipefail
if ((tidy_status != 0)); then
  echo "static_analysis: clang-tidy reported findings (above)" >&2
  status=1
fi
echo "clang-tidy: $(($(seconds) - start)) s"

start=$(seconds)
echo "=== cppcheck ($(cppcheck --version))"
# Qt's and the system's headers are read for their declarations but not checked; --library
# teaches cppcheck Qt's macros (Q_OBJECT, emit, slots) and POSIX's functions.
if ! cppcheck --project="$filtered/compile_commands.json" --quiet --error-exitcode=1 \
  -j "${STATIC_ANALYSIS_JOBS:-2}" --std=c++20 --library=qt --library=posix \
  --enable=warning,style,performance,portability --inline-suppr \
  --config-exclude=/usr --suppress='*:/usr/*' --suppress="*:$PWD/$build/*" \
  --suppress=missingInclude --suppress=missingIncludeSystem \
  --suppress=unmatchedSuppression; then
  echo "static_analysis: cppcheck reported findings (above)" >&2
  status=1
fi
echo "cppcheck: $(($(seconds) - start)) s"

exit "$status"
