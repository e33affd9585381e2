#!/usr/bin/env bash
# Measures the runner against the limit (see README, "Performance"):
#   bench/run.sh [--jobs N] [--runs R] [--local-jobs M]
# builds what it needs (in $BUILD_DIR, default build/; BENCH_NO_BUILD=1 skips
# that), starts its own
# armada-localstack --executor synthetic, and prints a table and, as its last
# line, one JSON object. Every figure is the median of R runs (default 3);
# the bare reader reads before and after the runner's replay in each run, and
# ratio is the median of the runs' runner/bare;
# hostile_refusal_max_ms is the slowest of the hostile inputs' medians.
# --local-jobs (default 1000) sizes the --local case of localstack_1k_jobs_s;
# only the smoke test (ctest bench_smoke) makes it smaller. plain_start_ms and
# isolated_start_ms are this machine's price of one `true` started as
# armada-localstack starts a container, bare and isolated, one after the
# other (200 each, fewer for a smaller --local-jobs): localstack_1k_jobs_s is
# made of them.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
jobs=100000
runs=3
local_jobs=1000
while [ $# -gt 0 ]; do
  case $1 in
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --local-jobs) local_jobs=${2:?--local-jobs needs a number}; shift 2 ;;
    -h | --help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (known: --jobs N, --runs R)" >&2; exit 2 ;;
  esac
done
case $jobs$runs$local_jobs in *[!0-9]*) echo "run.sh: --jobs, --runs and --local-jobs take whole numbers" >&2; exit 2 ;; esac
if [ "$jobs" -lt 1 ] || [ "$runs" -lt 1 ]; then echo "run.sh: --jobs and --runs must be >= 1" >&2; exit 2; fi
starts=$((local_jobs < 200 ? (local_jobs > 0 ? local_jobs : 1) : 200))

if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
  if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  cmake --build "$build" -j "${BUILD_JOBS:-$(nproc)}" \
    --target armada-localstack armada-testsuite bare_reader bench_queue runner_replay \
    bench_container_start >/dev/null
fi
bin=$build/bin
executor_config=$root/e2e-config/executor_config.yaml

# shellcheck source=bench/synthetic_stack.sh
source "$root/bench/synthetic_stack.sh" bench

# gen_case FILE JOBS QUEUE COMMAND EXPECTED...: JOBS jobs in batches of up to 1000.
gen_case() {
  local file=$1 n=$2 queue=$3 command=$4; shift 4
  local batch=$((n < 1000 ? n : 1000))
  local batches=$(((n + batch - 1) / batch))
  {
    echo "numBatches: $batches"
    echo "batchSize: $batch"
    echo "queue: $queue"
    echo "jobs:"
    echo "  - namespace: default"
    echo "    podSpec:"
    echo "      restartPolicy: Never"
    echo "      terminationGracePeriodSeconds: 0"
    echo "      containers:"
    echo "        - name: main"
    echo "          image: alpine:3.20.0"
    echo "          command: $command"
    echo "          resources:"
    echo "            limits: {memory: 25Mi, cpu: 10m}"
    echo "            requests: {memory: 25Mi, cpu: 10m}"
    echo "---"
    echo "timeout: \"900s\""
    echo "expectedEvents:"
    for e in "$@"; do echo "  - $e:"; done
  } >"$file"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print 0; else print a[int((NR + 1) / 2)]}'; }
# timed OUTFILE CMD...: runs CMD, appends "WALL_S PEAK_RSS_BYTES" to OUTFILE.
timed() {
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/console" 2>&1 || {
    echo "run.sh: failed: $*" >&2; tail -20 "$work/console" >&2; exit 1; }
  awk '{printf "%s %d\n", $1, $2 * 1024}' "$work/time" >>"$out"
}

five="submitted queued leased running succeeded"
# shellcheck disable=SC2086
gen_case "$work/big.yaml" "$jobs" bench '["true"]' $five
# shellcheck disable=SC2086
gen_case "$work/one.yaml" 1 bench '["true"]' $five
mkdir -p "$work/hundred"
for i in $(seq 1 100); do gen_case "$work/hundred/case_$i.yaml" 1 bench '["true"]' submitted succeeded; done
gen_case "$work/local1k.yaml" "$local_jobs" e2e-test-queue '["true"]' submitted succeeded

start_stack "$bin/armada-localstack"
: >"$work/m.runner" ; : >"$work/m.one" ; : >"$work/m.bare" ; : >"$work/m.replay" ; : >"$work/m.hundred"
: >"$work/m.categorization" ; : >"$work/m.local1k" ; : >"$work/m.console"
: >"$work/m.plain" ; : >"$work/m.isolated" ; : >"$work/m.ratio"

# Hostile inputs (issue 10): each must be refused (non-zero exit, naming the
# file) by `validate`; the time is the whole command's.
hostile_dir=$root/src/testcase/hostile
hostile=(lone_comma.yaml alias_bomb.yaml cycle.yaml deep_flow.yaml deep_block.yaml huge_batch.yaml
  binary.yaml empty.yaml wrong_types.yaml)
hostile_paths=()
for f in "${hostile[@]}"; do hostile_paths+=("$hostile_dir/$f"); done
# The 16 MB flow list, over the loader's size bound.
awk 'BEGIN { printf "jobs: ["; for (i = 0; i < 8388608; i++) printf "1,"; print "1]" }' \
  >"$work/flow_list_16mb.yaml"
hostile_paths+=("$work/flow_list_16mb.yaml")
for path in "${hostile_paths[@]}"; do : >"$work/m.hostile.$(basename "$path")"; done
for run in $(seq 1 "$runs"); do
  echo "run $run of $runs: $jobs jobs against the synthetic stack" >&2
  timed "$work/m.runner" "$bin/armada-testsuite" test --tests "$work/big.yaml" --armadaUrl "$addr" --parallel 1
  wc -l <"$work/console" >>"$work/m.console"
  job_set=$(sed -n 's/.*started: queue bench, job set \([^ ]*\).*/\1/p' "$work/console" | head -1)
  [ -n "$job_set" ] || { echo "run.sh: no job set in the runner's console" >&2; exit 1; }
  # Unmeasured: the first read of a finished job set is up to twice as slow
  # (the kernel has reclaimed memory the idle server left untouched, and the
  # reader faults it back in), whichever reader comes first.
  "$bin/bare_reader" "$addr" bench "$job_set" >/dev/null
  read -r count seconds < <("$bin/bare_reader" "$addr" bench "$job_set")
  echo "$count $seconds" >>"$work/m.bare"
  read -r rcount rseconds verdict < <("$bin/runner_replay" "$addr" "$work/big.yaml" bench "$job_set" "$count")
  if [ "$rcount" != "$count" ] || [ "$verdict" != passed ]; then
    echo "run.sh: the replay read $rcount of $count messages ($verdict)" >&2; exit 1
  fi
  echo "$rcount $rseconds" >>"$work/m.replay"
  # The bare reader again: the machine's speed drifts (it is shared), so each
  # run's ratio is the runner's rate over the mean of the bare rates read just
  # before and just after it.
  read -r count2 seconds2 < <("$bin/bare_reader" "$addr" bench "$job_set")
  echo "$count2 $seconds2" >>"$work/m.bare"
  awk -v c="$count" -v s="$seconds" -v c2="$count2" -v s2="$seconds2" -v rc="$rcount" -v rs="$rseconds" \
    'BEGIN {b = (c / s + c2 / s2) / 2; printf "%.3f\n", (b > 0) ? (rc / rs) / b : 0}' >>"$work/m.ratio"
  timed "$work/m.one" "$bin/armada-testsuite" test --tests "$work/one.yaml" --armadaUrl "$addr"
  timed "$work/m.hundred" "$bin/armada-testsuite" test --tests "$work/hundred/*.yaml" --armadaUrl "$addr" --parallel 1
  # The stack's memory grows with every job it keeps; a fresh one per run.
  stop_stack; start_stack "$bin/armada-localstack"
  echo "run $run of $runs: --local (real processes)" >&2
  timed "$work/m.categorization" "$bin/armada-testsuite" test --local \
    --tests "$root/testcases/categorization/*.yaml" --executor-config "$executor_config"
  timed "$work/m.local1k" "$bin/armada-testsuite" test --local --tests "$work/local1k.yaml" \
    --executor-config "$executor_config"
  "$bin/bench_container_start" "$starts" plain >>"$work/m.plain"
  if [ "$(id -u)" = 0 ]; then
    "$bin/bench_container_start" "$starts" isolated >>"$work/m.isolated"
  fi
  for path in "${hostile_paths[@]}"; do
    begin=$(date +%s%N)
    if "$bin/armada-testsuite" validate --tests "$path" >"$work/console" 2>&1; then
      echo "run.sh: validate accepted the hostile $path" >&2; exit 1
    fi
    end=$(date +%s%N)
    grep -qF "$path" "$work/console" || {
      echo "run.sh: the refusal of $path does not name it:" >&2; cat "$work/console" >&2; exit 1; }
    awk -v b="$begin" -v e="$end" 'BEGIN {printf "%.1f\n", (e - b) / 1e6}' \
      >>"$work/m.hostile.$(basename "$path")"
  done
done

events=$(awk '{print $1}' "$work/m.bare" | median)
bare_rate=$(awk '{printf "%.0f\n", $1 / $2}' "$work/m.bare" | median)
runner_rate=$(awk '{printf "%.0f\n", $1 / $2}' "$work/m.replay" | median)
live_rate=$(awk -v e="$events" '{printf "%.0f\n", e / $1}' "$work/m.runner" | median)
runner_wall=$(awk '{print $1}' "$work/m.runner" | median)
rss=$(awk '{print $2}' "$work/m.runner" | median)
rss_one=$(awk '{print $2}' "$work/m.one" | median)
console_lines=$(median <"$work/m.console")
start_ms=$(awk '{printf "%.2f\n", $1 * 1000 / 100}' "$work/m.hundred" | median)
cat_s=$(awk '{print $1}' "$work/m.categorization" | median)
local1k_s=$(awk '{print $1}' "$work/m.local1k" | median)
# 0 when not root (nothing isolated was measured).
plain_ms=$(awk '{printf "%.2f\n", $2 * 1000 / $1}' "$work/m.plain" | median)
isolated_ms=$(awk '{printf "%.2f\n", $2 * 1000 / $1}' "$work/m.isolated" | median)
floor_s=$(awk -v ms="$isolated_ms" -v n="$local_jobs" 'BEGIN {printf "%.2f", ms * n / 1000}')
ratio=$(median <"$work/m.ratio")
hostile_ms=0
hostile_slowest=
for path in "${hostile_paths[@]}"; do
  ms=$(median <"$work/m.hostile.$(basename "$path")")
  if awk -v a="$ms" -v b="$hostile_ms" 'BEGIN {exit !(a > b)}'; then
    hostile_ms=$ms; hostile_slowest=$(basename "$path")
  fi
done
per_job=$(awk -v a="$rss" -v b="$rss_one" -v n="$jobs" 'BEGIN {d = a - b; if (d < 0) d = 0; printf "%.0f", d / n}')

{
  printf "%-34s %s\n" "machine" "$(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  printf "%-34s %s\n" "jobs (5 expected events each)" "$jobs, messages in the job set: $events"
  printf "%-34s %s\n" "runs (median of)" "$runs"
  printf "%-34s %s\n" "bare reader, replay (events/s)" "$bare_rate"
  printf "%-34s %s\n" "runner pipeline, replay (events/s)" "$runner_rate"
  printf "%-34s %s\n" "ratio (target >= 0.9)" "$ratio"
  printf "%-34s %s\n" "runner live: test wall (s)" "$runner_wall"
  printf "%-34s %s\n" "runner live (events/s)" "$live_rate"
  printf "%-34s %s\n" "runner console lines" "$console_lines"
  printf "%-34s %s\n" "runner peak RSS (bytes)" "$rss"
  printf "%-34s %s\n" "runner peak RSS, 1 job (bytes)" "$rss_one"
  printf "%-34s %s\n" "bytes per job (target <= 1024)" "$per_job"
  printf "%-34s %s\n" "start overhead/test (ms, <= 10)" "$start_ms"
  printf "%-34s %s\n" "categorization --local (s, < 1)" "$cat_s"
  printf "%-34s %s\n" "$local_jobs true jobs --local (s, < 3)" "$local1k_s"
  printf "%-34s %s\n" "  one plain start (ms)" "$plain_ms"
  printf "%-34s %s\n" "  one isolated start (ms)" "$isolated_ms (x $local_jobs, one after the other: $floor_s s)"
  printf "%-34s %s\n" "hostile input refused, max (ms)" "$hostile_ms ($hostile_slowest, of ${#hostile_paths[@]} files)"
}
printf '{"bare_events_per_s": %s, "runner_events_per_s": %s, "ratio": %s, "runner_peak_rss_bytes": %s, "bytes_per_job": %s, "start_overhead_ms": %s, "categorization_wall_s": %s, "localstack_1k_jobs_s": %s, "plain_start_ms": %s, "isolated_start_ms": %s, "hostile_refusal_max_ms": %s}\n' \
  "$bare_rate" "$runner_rate" "$ratio" "$rss" "$per_job" "$start_ms" "$cat_s" "$local1k_s" "$plain_ms" "$isolated_ms" "$hostile_ms"
