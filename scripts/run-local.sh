#!/usr/bin/env bash
# The README's main command: sets up, builds what it runs, then runs the test
# cases against an embedded armada-localstack, one run per Armada generation
# with that generation's executor config and folders (scripts/e2e-common.sh),
# so the two forms of the categorization cases never meet in one run.
# ARMADA_VERSION picks one generation; unset, both pinned ones run in turn
# (v0.20.40, then v0.22.7), each writing build/local/VERSION/junit.xml with
# armada-localstack.log beside it; a summary of both ends the output.
# --tests PATTERNS replaces the generation's folders; a report flag (--junit,
# --json, --html, --benchmark FILE) writes one file per generation,
# DIR/VERSION/NAME. Other arguments go to `armada-testsuite test` (e.g.
# --filter oom). --dry-run prints the runs and --help the usage, neither
# setting up nor building.
# Exits 0 only when every selected test passed, else the first run's
# non-zero code (armada-testsuite's: 1 a test failed, 2 could not run).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=e2e-common.sh
source "$(dirname "$0")/e2e-common.sh"

usage() {
  cat <<USAGE
Usage: scripts/run-local.sh [--dry-run] [--tests PATTERNS] [ARGS...]

Runs the test cases on armada-localstack, once per pinned Armada generation
($E2E_PINNED_SEEDS, $E2E_PINNED_CURRENT; ARMADA_VERSION picks one), after
scripts/setup.sh and building the three binaries it needs.

  --dry-run         print the runs, set up and build nothing
  --tests PATTERNS  run these test cases instead of the generation's folders
  --junit/--json/--html/--benchmark FILE
                    one report per generation: DIR/VERSION/NAME
  ARGS              passed to armada-testsuite test (e.g. --filter oom)

Each run writes build/local/VERSION/junit.xml and armada-localstack.log.
USAGE
}

# A path given on the command line, absolute (the runs start from the root).
absolute() {
  if [[ "$1" == /* ]]; then printf '%s\n' "$1"; else printf '%s/%s\n' "$PWD" "$1"; fi
}

# The value of report flag $1 for one generation: DIR/VERSION/NAME.
per_generation() {
  printf '%s/%s/%s\n' "$(dirname "$1")" "$version" "$(basename "$1")"
}

user_tests=""
report_flags=()  # flag, file, flag, file, ...
passed_on=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    --tests=*) user_tests=$(e2e_absolute_patterns "${1#--tests=}") ;;
    --junit=* | --json=* | --html=* | --benchmark=*)
      report_flags+=("${1%%=*}" "$(absolute "${1#*=}")")
      ;;
    --tests | --junit | --json | --html | --benchmark)
      if [ $# -lt 2 ] || [ -z "$2" ]; then e2e_die "$1 needs a value (see --help)"; fi
      if [ "$1" = --tests ]; then
        user_tests=$(e2e_absolute_patterns "$2")
      else
        report_flags+=("$1" "$(absolute "$2")")
      fi
      shift
      ;;
    *) passed_on+=("$1") ;;
  esac
  shift
done

versions=("$E2E_PINNED_SEEDS" "$E2E_PINNED_CURRENT")
if [ -n "${ARMADA_VERSION_SET:-}" ]; then
  versions=("$ARMADA_VERSION")
fi
if [ "$DRY_RUN" -eq 0 ]; then
  bash "$E2E_ROOT/scripts/setup.sh"
  bash "$E2E_ROOT/scripts/build.sh" armada-testsuite armada-localstack armada-localstack-init
fi
cd "$E2E_ROOT"
build=${BUILD_DIR:-build}

# One line per generation: its counts from the JUnit file's first element.
summary=()
counts_of() {
  local junit=$1 counts="" name
  [ -f "$junit" ] || {
    echo "no report"
    return
  }
  for name in tests failures errors skipped; do
    counts+="$(grep -o -m1 " $name=\"[0-9]*\"" "$junit" | head -1 | tr -d ' "') "
  done
  echo "${counts% }"
}

status=0
for version in "${versions[@]}"; do
  e2e_select_generation "$version"
  # Every suite, node included, in one run: the node cases' jobs go to
  # armada-localstack's node-ops node (e2e-config/localstack.yaml), the others'
  # to its worker, and the runner finds nodePoolTag among those nodes.
  patterns=("${E2E_PATTERNS[@]}")
  echo "# Armada $version ($E2E_GENERATION generation) on armada-localstack"
  joined=$(IFS=,; echo "${patterns[*]}")
  [ -z "$user_tests" ] || joined=$user_tests
  out=$build/local/$version
  junit=$out/junit.xml
  reports=()
  for ((i = 0; i < ${#report_flags[@]}; i += 2)); do
    file=$(per_generation "${report_flags[i + 1]}")
    if [ "${report_flags[i]}" = --junit ]; then
      junit=$file
    else
      reports+=("${report_flags[i]}" "$file")
    fi
  done
  run mkdir -p "$out"
  code=0
  run "$build/bin/armada-testsuite" test --tests "$joined" --local \
    --executor-config "$E2E_EXECUTOR_CONFIG" --junit "$junit" ${reports[@]+"${reports[@]}"} \
    ${passed_on[@]+"${passed_on[@]}"} || code=$?
  summary+=("$version: exit $code; $(counts_of "$junit") ($junit)")
  case "$code" in
    0) ;;
    130 | 143) exit "$code" ;; # interrupted: the next run would be too
    *) [ "$status" -ne 0 ] || status=$code ;;
  esac
done
if [ "$DRY_RUN" -eq 0 ]; then
  echo "# Summary (tests failures errors skipped per generation)"
  printf '  %s\n' "${summary[@]}"
fi
exit "$status"
