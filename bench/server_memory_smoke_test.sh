#!/usr/bin/env bash
# ctest bench_server_memory_smoke: bench/server_memory.sh works end to end on
# a tiny size and its last line is one JSON object of numbers. Times nothing
# and sets no bound (the figure needs thousands of jobs to mean anything).
set -euo pipefail
out=$(BENCH_NO_BUILD=1 bash "$(dirname "$0")/server_memory.sh" --jobs 50 2>&1) || {
  echo "$out"; exit 1; }
last=$(printf '%s\n' "$out" | tail -1)
for key in rss_per_finished_job test_wall_s server_cpu_us_per_job; do
  if ! printf '%s' "$last" | grep -Eq "\"$key\": -?[0-9]+(\\.[0-9]+)?[,}]"; then
    echo "no number for $key in the last line: $last"; echo "$out"; exit 1
  fi
done
printf '%s' "$last" | grep -Eq '^\{.*\}$' || { echo "last line is not one object: $last"; exit 1; }
# A mistake is refused with a message naming the flag.
if msg=$(bash "$(dirname "$0")/server_memory.sh" --jobs 5 2>&1); then
  echo "--jobs 5 was accepted"; exit 1
fi
printf '%s' "$msg" | grep -q -- "--jobs must be >= 10" || { echo "unclear refusal: $msg"; exit 1; }
echo "$out"
