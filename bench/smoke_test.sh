#!/usr/bin/env bash
# ctest bench_smoke: bench/run.sh works end to end on tiny sizes and its last
# line is the JSON object with every key holding a number. Times nothing.
set -euo pipefail
out=$(BENCH_NO_BUILD=1 bash "$(dirname "$0")/run.sh" --jobs 200 --runs 1 --local-jobs 10 2>&1) || {
  echo "$out"; exit 1; }
last=$(printf '%s\n' "$out" | tail -1)
for key in bare_events_per_s runner_events_per_s ratio runner_peak_rss_bytes bytes_per_job \
  start_overhead_ms categorization_wall_s localstack_1k_jobs_s plain_start_ms isolated_start_ms \
  hostile_refusal_max_ms; do
  if ! printf '%s' "$last" | grep -Eq "\"$key\": [0-9]+(\\.[0-9]+)?[,}]"; then
    echo "no number for $key in the last line: $last"; echo "$out"; exit 1
  fi
done
printf '%s' "$last" | grep -Eq '^\{.*\}$' || { echo "last line is not one object: $last"; exit 1; }
echo "$out"
