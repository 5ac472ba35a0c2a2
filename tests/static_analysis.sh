#!/usr/bin/env bash
# Static analysis of engine/, ui/ and app/: clang-tidy (the checks in .clang-tidy) and cppcheck,
# both driven by the compile_commands.json of a configured build, so that they see exactly the
# flags, defines and include paths the compiler sees. Any finding fails the script.
#
#   tests/static_analysis.sh [build-dir]     (default: build; configured, and built once so that
#                                             the moc output exists)
#   STATIC_ANALYSIS_TOOLS="clang-tidy cppcheck"  the tools to run (default both)
#   STATIC_ANALYSIS_JOBS=2                       parallel jobs for each tool
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

tools=" ${STATIC_ANALYSIS_TOOLS:-clang-tidy cppcheck} "
jobs="${STATIC_ANALYSIS_JOBS:-2}"

run_clang_tidy() {
  local start
  start=$(seconds)
  echo "=== clang-tidy ($(clang-tidy --version | grep -o 'version [0-9.]*'))"
  # run-clang-tidy always asks for colour; the log is easier to read without it. grep finding
  # nothing left to print is not a failure, so only run-clang-tidy's own status counts.
  set +o pipefail
  run-clang-tidy -quiet -j "$jobs" -p "$filtered" 2>&1 |
    sed -u 's/\x1b\[[0-9;]*m//g' | {
    grep -v -e '^[0-9]* warnings\? generated\.$' -e '^Suppressed [0-9]* warnings' \
      -e '^Use -header-filter=' -e '^$' || true
  }
  local tidy_status=${PIPESTATUS[0]}
  set -o pipefail
  if ((tidy_status != 0)); then
    echo "static_analysis: clang-tidy reported findings (above)" >&2
    status=1
  fi
  echo "clang-tidy: $(($(seconds) - start)) s"
}

run_cppcheck() {
  local start
  start=$(seconds)
  echo "=== cppcheck ($(cppcheck --version))"
  # Qt's and the system's headers are read for their declarations but not checked; --library=qt
  # teaches cppcheck Qt's macros (Q_OBJECT, emit, slots). Not --library=posix: it takes every
  # QAbstractItemModel::index() for the obsolete index(3) and recommends the deprecated
  # readdir_r(). Suppressed everywhere, and why:
  #   useStlAlgorithm     taste: a plain loop is often the clearer port of the Python code
  #   shadowFunction, shadowVariable
  #                       -Wshadow (on, warnings are errors in CI) is our rule; cppcheck's
  #                       version also flags locals named like another class's member function
  #   duplicateCondition  cppcheck 2.10 does not parse C++20 requires-expressions, so a chain of
  #                       `if constexpr (requires { ... })` reads to it as one repeated condition
  #   unusedStructMember  misses members read through std::optional and aggregate initialisation
  #   constParameter, constParameterCallback in ServerSpec.cpp
  #                       its table's codecs write the spec through a pointer to member
  #                       (valueOf), which cppcheck 2.10 does not follow
  # Anything else is fixed, or suppressed inline on its line with the reason.
  cppcheck_args=(
    --project="$filtered/compile_commands.json" --quiet --error-exitcode=1
    -j "$jobs" --std=c++20 --library=qt
    --enable=warning,style,performance,portability --inline-suppr
    --config-exclude=/usr --suppress='*:/usr/*' --suppress="*:$PWD/$build/*"
    --suppress=missingInclude --suppress=missingIncludeSystem --suppress=unmatchedSuppression
    --suppress=useStlAlgorithm --suppress=shadowFunction --suppress=shadowVariable
    --suppress=duplicateCondition --suppress=unusedStructMember
    --suppress='constParameter:*/ServerSpec.cpp' --suppress='constParameterCallback:*/ServerSpec.cpp'
    --template='{file}:{line}:{column}: {severity}: {message} [{id}]\n{code}'
  )
  if ! cppcheck "${cppcheck_args[@]}"; then
    echo "static_analysis: cppcheck reported findings (above)" >&2
    status=1
  fi
  echo "cppcheck: $(($(seconds) - start)) s"
}

[[ "$tools" != *" clang-tidy "* ]] || run_clang_tidy
[[ "$tools" != *" cppcheck "* ]] || run_cppcheck

exit "$status"
