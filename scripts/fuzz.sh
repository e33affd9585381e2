#!/usr/bin/env bash
# Runs the libFuzzer targets longer than the test suite does (which gives each
# ARMADA_TS_FUZZ_SECONDS, 25 s by default). Builds build-asan/ (clang, ASan +
# UBSan) first, as scripts/test.sh does.
#   scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]   (default 600 s)
# New inputs are kept in build-asan/fuzz/loader/; a crashing input is written
# to build-asan/fuzz/ and the script exits non-zero.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
shift || true
build=${ASAN_BUILD_DIR:-$root/build-asan}
bash "$root/scripts/setup.sh"
# shellcheck source=scripts/sanitizer-env.sh
source "$root/scripts/sanitizer-env.sh"
BUILD_DIR=$build CC=clang CXX=clang++ CMAKE_ARGS="-DARMADA_TS_SANITIZE=ON" \
  bash "$root/scripts/build.sh"
mkdir -p "$build/fuzz/loader"
"$build/bin/loader_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$build/fuzz/" "$@" \
  "$build/fuzz/loader" "$root/testcases" "$root/src/testcase/hostile"
