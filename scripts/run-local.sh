#!/usr/bin/env bash
# The README's main command: sets up, builds, then runs the test cases against
# an embedded armada-localstack, one run per Armada generation with that
# generation's executor config and folders (scripts/e2e-common.sh), so the two
# forms of the categorization cases never meet in one run.
# ARMADA_VERSION picks one generation; unset, both pinned ones run in turn
# (v0.20.40, then v0.22.7), each writing build/local/VERSION/junit.xml with
# armada-localstack.log beside it.
# Extra arguments go to `armada-testsuite test` (e.g. --filter oom); a first
# argument --dry-run prints the runs instead (setup and build are skipped).
# Exits 0 only when every selected test passed, else the first run's
# non-zero code (armada-testsuite's: 1 a test failed, 2 could not run).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=e2e-common.sh
source "$(dirname "$0")/e2e-common.sh"


if [ "${1:-}" = --dry-run ]; then
  DRY_RUN=1
  shift
fi
versions=("$E2E_PINNED_SEEDS" "$E2E_PINNED_CURRENT")
if [ -n "${ARMADA_VERSION_SET:-}" ]; then
  versions=("$ARMADA_VERSION")
fi
if [ "$DRY_RUN" -eq 0 ]; then
  bash "$E2E_ROOT/scripts/setup.sh"
  bash "$E2E_ROOT/scripts/build.sh"
fi
cd "$E2E_ROOT"
build=${BUILD_DIR:-build}

status=0
for version in "${versions[@]}"; do
  e2e_select_generation "$version"
  # Every suite, node included, in one run: the node cases' jobs go to
  # armada-localstack's node-ops node (e2e-config/localstack.yaml), the others'
  # to its worker, and the runner finds nodePoolTag among those nodes.
  patterns=("${E2E_PATTERNS[@]}")
  echo "# Armada $version ($E2E_GENERATION generation) on armada-localstack"
  joined=$(IFS=,; echo "${patterns[*]}")
  out=$build/local/$version
  run mkdir -p "$out"
  code=0
  run "$build/bin/armada-testsuite" test --tests "$joined" --local \
    --executor-config "$E2E_EXECUTOR_CONFIG" --junit "$out/junit.xml" "$@" || code=$?
  case "$code" in
    0) ;;
    130 | 143) exit "$code" ;; # interrupted: the next run would be too
    *) [ "$status" -ne 0 ] || status=$code ;;
  esac
done
exit "$status"
