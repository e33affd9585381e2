#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, integration, end to end) with CTest
# in build/ (GCC), then armada-localstack on cgroup v2 in a virtual machine
# (scripts/vm-test.sh; VM_TEST=0 skips it). With SANITIZE=1 (the default in
# CI, where CI=true) it then does it again in build-asan/ (clang with
# AddressSanitizer and UndefinedBehaviorSanitizer, where the libFuzzer targets
# also run for a bounded time); SANITIZE=0 skips that pass. Extra arguments go
# to every ctest run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"

start=$SECONDS
bash "$root/scripts/build.sh"
ctest --test-dir "${BUILD_DIR:-$root/build}" --output-on-failure -j "${TEST_JOBS:-2}" "$@"
echo "test: build and suite took $((SECONDS - start)) s"

if [ "${VM_TEST:-1}" != 0 ]; then
  start=$SECONDS
  bash "$root/scripts/vm-test.sh"
  echo "test: cgroup v2 virtual machine took $((SECONDS - start)) s"
fi

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
