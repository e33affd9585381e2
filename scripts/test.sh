#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, integration, end to end) with CTest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
ctest --test-dir "${BUILD_DIR:-$root/build}" --output-on-failure -j "${TEST_JOBS:-2}" "$@"
