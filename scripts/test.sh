#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, integration, end to end) with CTest
# in build/ (GCC). With SANITIZE=1 (the default in CI, where CI=true) it then
# does it again in build-asan/ (clang with AddressSanitizer and
# UndefinedBehaviorSanitizer, where the libFuzzer targets also run for a
# bounded time); SANITIZE=0 skips that pass. Extra arguments go to every ctest
# run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"

start=$SECONDS
bash "$root/scripts/build.sh"
ctest --test-dir "${BUILD_DIR:-$root/build}" --output-on-failure -j "${TEST_JOBS:-2}" "$@"
echo "test: build and suite took $((SECONDS - start)) s"

sanitize=${SANITIZE:-0}
if [ -z "${SANITIZE:-}" ] && [ "${CI:-}" = true ]; then sanitize=1; fi
if [ "$sanitize" != 0 ]; then
  start=$SECONDS
  # shellcheck source=/dev/null
  source "$root/scripts/sanitizer-env.sh"
  BUILD_DIR=${ASAN_BUILD_DIR:-$root/build-asan} CC=clang CXX=clang++ \
    CMAKE_ARGS="-DARMADA_TS_SANITIZE=ON" bash "$root/scripts/build.sh"
  ctest --test-dir "${ASAN_BUILD_DIR:-$root/build-asan}" --output-on-failure \
    -j "${TEST_JOBS:-2}" "$@"
  echo "test: sanitizer build and suite took $((SECONDS - start)) s"
fi
