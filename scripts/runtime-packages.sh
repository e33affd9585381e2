#!/usr/bin/env bash
# Prints the Debian packages that provide the shared libraries the given
# binaries load, one per line: what a runtime image must install to run them
# (ci/Dockerfile), and nothing of the toolchain that built them.
# Usage: scripts/runtime-packages.sh BINARY...
set -euo pipefail
if [ $# -eq 0 ] || [ "$1" = --help ] || [ "$1" = -h ]; then
  echo "Usage: scripts/runtime-packages.sh BINARY..." >&2
  [ $# -gt 0 ]
  exit
fi
# A library's path without /usr: with merged /usr, ldd may name /lib/...
# where dpkg recorded /usr/lib/..., or the other way round.
libraries=$(ldd "$@" | awk '$2 == "=>" && $3 ~ /^\// { p = $3; sub(/^\/usr/, "", p); print p }' |
  sort -u)
paths=()
for library in $libraries; do
  paths+=("$library" "/usr$library")
done
# "package:arch: path" for each path dpkg knows; one call reads its database once.
owners=$(dpkg -S "${paths[@]}" 2>/dev/null | awk '
  { path = $NF; sub(/^\/usr/, "", path); package = $1; sub(/:.*/, "", package)
    print path, package }' | sort -u) || true
for library in $libraries; do
  if ! awk -v p="$library" '$1 == p { found = 1 } END { exit !found }' <<<"$owners"; then
    echo "runtime-packages.sh: no Debian package provides $library" >&2
    exit 1
  fi
done
awk '{ print $2 }' <<<"$owners" | sort -u
