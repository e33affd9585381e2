#!/usr/bin/env bash
# The README's main command: sets up, builds, then runs every test case under
# testcases/ against an embedded armada-localstack, writing build/junit.xml.
# Extra arguments go to `armada-testsuite test` (e.g. --filter oom).
# Exits with the runner's code: 0 only when every selected test passed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
cd "$root"
build=${BUILD_DIR:-build}
exec "$build/bin/armada-testsuite" test --tests 'testcases/**/*.yaml' --local \
  --junit "$build/junit.xml" "$@"
