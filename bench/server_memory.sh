#!/usr/bin/env bash
# armada-localstack's memory per finished job (issue 29, item 4):
#   bench/server_memory.sh [--jobs N] [--runs R] [--compare OTHER_SERVER]
# starts armada-localstack --executor synthetic (no process per job), runs a
# warm-up test of N/10 `true` jobs, reads the server's RSS, runs one test of N
# `true` jobs (one job set, kept by the retention rules, see
# job_set_retention.h), reads the RSS again once every job has finished, and
# prints rss_per_finished_job: the growth divided by N (the median of R runs,
# a fresh server each; default N 10 000, R 1), the N-job test's wall time
# (test_wall_s, whole command) and the server's own CPU time per job in it
# (server_cpu_us_per_job, its threads' user + system time, steadier than the
# wall time on a shared machine), so a smaller server shows whether it is a
# slower one. The warm-up leaves the server's threads, gRPC buffers and
# allocator arenas out of the figure.
# --compare measures OTHER_SERVER (e.g. main's build/bin/armada-localstack)
# the same way right before this build's, and prints both and their ratio.
# Builds what it needs in $BUILD_DIR (default build/; BENCH_NO_BUILD=1 skips
# that). The last line is one JSON object.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
jobs=10000
runs=1
compare=
while [ $# -gt 0 ]; do
  case $1 in
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --compare) compare=${2:?--compare needs an armada-localstack binary}; shift 2 ;;
    -h | --help) sed -n 2,14p "$0"; exit 0 ;;
    *) echo "server_memory.sh: unknown argument $1 (known: --jobs N, --runs R, --compare SERVER)" >&2; exit 2 ;;
  esac
done
case $jobs$runs in *[!0-9]*) echo "server_memory.sh: --jobs and --runs take whole numbers" >&2; exit 2 ;; esac
if [ "$jobs" -lt 10 ] || [ "$runs" -lt 1 ]; then
  echo "server_memory.sh: --jobs must be >= 10 and --runs >= 1" >&2; exit 2
fi
if [ -n "$compare" ] && [ ! -x "$compare" ]; then
  echo "server_memory.sh: --compare $compare is not an executable file" >&2; exit 2
fi

if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
  bash "$root/scripts/build.sh" armada-localstack armada-testsuite bench_queue >/dev/null
fi
bin=$build/bin
executor_config=$root/e2e-config/executor_config.yaml

# shellcheck source=bench/synthetic_stack.sh
source "$root/bench/synthetic_stack.sh" server-memory
rss_bytes() { awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$stack_pid/status"; }
# The server's user + system CPU time so far, in clock ticks (the fields
# after the parenthesised command name, which may hold spaces).
cpu_ticks() { sed 's/.*) //' "/proc/$stack_pid/stat" | awk '{print $12 + $13}'; }
ticks_per_s=$(getconf CLK_TCK)

# gen_case FILE JOBS: JOBS `true` jobs in batches of up to 1000, one job set.
gen_case() {
  local n=$2 batch=$(($2 < 1000 ? $2 : 1000))
  cat >"$1" <<EOF
numBatches: $(((n + batch - 1) / batch))
batchSize: $batch
queue: bench
jobs:
  - namespace: default
    podSpec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 0
      containers:
        - name: main
          image: alpine:3.20.0
          command: ["true"]
          resources:
            limits: {memory: 25Mi, cpu: 10m}
            requests: {memory: 25Mi, cpu: 10m}
---
timeout: "900s"
expectedEvents:
  - submitted:
  - succeeded:
EOF
}
gen_case "$work/warmup.yaml" $((jobs / 10))
gen_case "$work/jobs.yaml" "$jobs"

run_test() {
  "$bin/armada-testsuite" test --tests "$1" --armadaUrl "$addr" >"$work/console" 2>&1 || {
    echo "server_memory.sh: the test of $1 failed:" >&2; tail -20 "$work/console" >&2; exit 1; }
}

# measure SERVER: prints the median bytes per finished job and the median
# wall time of the N-job test over the runs.
measure() {
  local server=$1 run before after begin end cpu_before cpu_after
  : >"$work/per_job"
  : >"$work/wall"
  : >"$work/cpu"
  for run in $(seq 1 "$runs"); do
    echo "run $run of $runs: $server, $jobs jobs" >&2
    start_stack "$server"
    run_test "$work/warmup.yaml"
    before=$(rss_bytes)
    cpu_before=$(cpu_ticks)
    begin=$(date +%s%N)
    run_test "$work/jobs.yaml"
    end=$(date +%s%N)
    cpu_after=$(cpu_ticks)
    after=$(rss_bytes)
    stop_stack
    echo "  RSS $before -> $after bytes" >&2
    awk -v a="$before" -v b="$after" -v n="$jobs" 'BEGIN {printf "%.0f\n", (b - a) / n}' >>"$work/per_job"
    awk -v b="$begin" -v e="$end" 'BEGIN {printf "%.2f\n", (e - b) / 1e9}' >>"$work/wall"
    awk -v a="$cpu_before" -v b="$cpu_after" -v t="$ticks_per_s" -v n="$jobs" \
      'BEGIN {printf "%.0f\n", (b - a) * 1e6 / t / n}' >>"$work/cpu"
  done
  echo "$(median <"$work/per_job") $(median <"$work/wall") $(median <"$work/cpu")"
}
median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

if [ -n "$compare" ]; then
  read -r other other_wall other_cpu < <(measure "$compare")
fi
read -r this this_wall this_cpu < <(measure "$bin/armada-localstack")
printf "%-40s %s\n" "jobs (one job set, synthetic executor)" "$jobs"
printf "%-40s %s\n" "runs (median of)" "$runs"
printf "%-40s %s\n" "RSS per finished job (bytes)" "$this"
printf "%-40s %s\n" "$jobs-job test wall (s)" "$this_wall"
printf "%-40s %s\n" "server CPU per job (us)" "$this_cpu"
if [ -n "$compare" ]; then
  printf "%-40s %s\n" "  the same for $compare" "$other bytes, $other_wall s, $other_cpu us"
  ratio=$(awk -v a="$other" -v b="$this" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}')
  printf "%-40s %s\n" "  ratio (compared / this build)" "$ratio"
  printf '{"rss_per_finished_job": %s, "test_wall_s": %s, "server_cpu_us_per_job": %s, "compared_rss_per_finished_job": %s, "compared_test_wall_s": %s, "compared_server_cpu_us_per_job": %s, "ratio": %s}\n' \
    "$this" "$this_wall" "$this_cpu" "$other" "$other_wall" "$other_cpu" "$ratio"
else
  printf '{"rss_per_finished_job": %s, "test_wall_s": %s, "server_cpu_us_per_job": %s}\n' \
    "$this" "$this_wall" "$this_cpu"
fi
