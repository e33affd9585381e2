#!/usr/bin/env bash
# Configures (once) and builds the project into build/ (or $BUILD_DIR): every
# target, or only the targets named as arguments (run-local.sh builds the
# three binaries it runs, not the tests, benches and fuzzer).
# $CMAKE_ARGS (e.g. "-DARMADA_TS_SANITIZE=ON") and $CC/$CXX apply when the
# build directory is first configured.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
# Paths below the checkout reach ccache relative to it, and the build folder's
# own path stays out of the hash (RelWithDebInfo's -g would put it there), so
# another clone (CI's fresh one, a worktree) hits the same cache entries.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
if [ ! -f "$build/build.ninja" ]; then
  # shellcheck disable=SC2086 # CMAKE_ARGS holds several arguments
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${CMAKE_ARGS:-}
fi
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build "$build" -j "${BUILD_JOBS:-$(nproc)}" ${targets[@]+"${targets[@]}"}
