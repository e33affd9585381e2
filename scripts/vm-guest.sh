#!/bin/sh
# shellcheck shell=sh
# PID 1 of scripts/vm-test.sh's virtual machine (busybox's sh), not meant to
# run anywhere else: mounts only cgroup2, runs the scenarios the kernel command
# line names (armada_vm=host,container) and ends with "VM-TEST EXIT N" on the
# console, N = 0 when every scenario passed, then powers the VM off. Its
# standard streams are the console, on the /dev that /init mounted.
# `vm-guest.sh suites SCENARIO` runs only the suites: the container scenario's
# shell does, inside its namespaces.
export PATH=/usr/sbin:/usr/bin HOME=/root
# ROOT and BUILD: the checkout's and the build's paths, as on the host.
# shellcheck source=/dev/null
. /etc/vm-test.env

say() { echo "VM-TEST $*"; }

# suite NAME EXECUTOR_CONFIG PATTERNS: one armada-testsuite run on the
# embedded armada-localstack. Fails when a test did not pass (a skip too:
# here every case must run), or armada-localstack ran jobs without a limit.
suite() {
  out=/tmp/out/$scenario/$1
  mkdir -p "$out"
  say "$scenario: $1"
  # Into a file: on the console (a terminal) the runner would draw its
  # live status lines.
  (cd "$ROOT" && "$BUILD/bin/armada-testsuite" test --local --executor-config "$2" --tests "$3" \
    --junit "$out/junit.xml" >"$out/console.txt" 2>&1)
  code=$?
  cat "$out/console.txt"
  if [ "$code" -ne 0 ] || [ ! -f "$out/junit.xml" ]; then
    tail -n 20 "$out/armada-localstack.log"
    return 1
  fi
  if grep -q '<skipped' "$out/junit.xml"; then
    grep -o '<skipped[^>]*>' "$out/junit.xml"
    return 1
  fi
  if grep 'run without them' "$out/armada-localstack.log"; then return 1; fi
}

# The shipped cases of both generations (as scripts/run-local.sh selects
# them, node included), then the security end-to-end tests in two shards,
# none skipped. Two at a time: on the VM's two CPUs that halves the time.
suites() {
  failed=0
  suite v0.20.40 e2e-config/executor_config.yaml \
    'testcases/basic/*.yaml,testcases/categorization/*.yaml,testcases/node/*.yaml' &
  seeds=$!
  suite v0.22.7 e2e-config/executor_config.current.yaml \
    'testcases/basic/*.yaml,testcases/categorization.current/*.yaml,testcases/node/*.yaml' &
  current=$!
  wait "$seeds" || failed=1
  wait "$current" || failed=1
  say "$scenario: security_e2e_test"
  security="$BUILD/bin/security_e2e_test --gtest_brief=1"
  GTEST_TOTAL_SHARDS=2 GTEST_SHARD_INDEX=0 $security >/tmp/security.0.log 2>&1 &
  shard0=$!
  GTEST_TOTAL_SHARDS=2 GTEST_SHARD_INDEX=1 $security >/tmp/security.1.log 2>&1 &
  shard1=$!
  wait "$shard0" || failed=1
  wait "$shard1" || failed=1
  for shard in 0 1; do
    log=/tmp/security.$shard.log
    cat "$log"
    if ! grep -q '^\[  PASSED  \]' "$log" || grep -q '^\[  SKIPPED \]' "$log"; then failed=1; fi
  done
  return "$failed"
}

if [ "${1:-}" = suites ]; then
  scenario=$2
  suites
  exit
fi

# A host service: the init enabled the controllers at the root and in
# system.slice (as systemd does for a unit with Delegate=yes); the runner runs
# in the service's cgroup, which holds its processes.
host() {
  cg=/sys/fs/cgroup
  echo "+memory +cpu +pids" >$cg/cgroup.subtree_control &&
    mkdir -p $cg/system.slice/armada-localstack.service &&
    echo "+memory +cpu +pids" >$cg/system.slice/cgroup.subtree_control || return 1
  # shellcheck disable=SC2016 # $$ is the inner shell's pid
  sh -c 'echo $$ >/sys/fs/cgroup/system.slice/armada-localstack.service/cgroup.procs &&
    exec /vm-guest.sh suites host'
}

# in_container CGROUP COMMAND...: runs COMMAND as a container's process would:
# in CGROUP (below /sys/fs/cgroup), which a cgroup namespace shows as its
# root, with cgroup2 mounted afresh in a mount namespace of its own.
# util-linux's unshare by path: busybox-static's sh runs its own applet for a
# bare name, and busybox's unshare has no -C.
in_container() {
  # shellcheck disable=SC2016 # $$ and $@ are the inner shell's
  sh -c 'echo $$ >"/sys/fs/cgroup/$0/cgroup.procs" &&
    exec /usr/bin/unshare -C -m sh -c "umount /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup &&
      exec \"\$@\"" sh "$@"' "$@"
}

# A container engine that does not delegate the memory controller: as root,
# armada-localstack refuses to start and says which limit and what to do.
refusal() {
  cg=/sys/fs/cgroup
  mkdir -p $cg/engine/ci-job && echo "+cpu +pids" >$cg/engine/cgroup.subtree_control || return 1
  say "$scenario: armada-localstack without the memory controller"
  in_container engine/ci-job "$BUILD/bin/armada-localstack" --listen 127.0.0.1:0 \
    --executor-config "$ROOT/e2e-config/executor_config.yaml" --work-dir /tmp/refusal \
    >/tmp/refusal.log 2>&1
  code=$?
  cat /tmp/refusal.log
  [ "$code" -eq 1 ] &&
    grep -q 'cannot enforce memory limits and OOM detection, refusing' /tmp/refusal.log &&
    grep -q 'memory controller is not delegated' /tmp/refusal.log
}

# A CI job's privileged container (docker-in-docker, a devcontainer): its
# cgroup, ci-job, has the controllers its engine enabled above it; its cgroup
# namespace shows ci-job as the root, where its processes are: PID 1, a
# `docker exec` step forking all the time (new processes keep appearing
# there), and the shell that runs the suites.
container() {
  cg=/sys/fs/cgroup
  echo "+memory +cpu +pids" >$cg/cgroup.subtree_control && mkdir -p $cg/ci-job || return 1
  refusal || return 1
  # shellcheck disable=SC2016 # $$ is the inner shell's pid
  sh -c 'echo $$ >/sys/fs/cgroup/ci-job/cgroup.procs && exec sleep 3600' &
  init=$!
  # shellcheck disable=SC2016
  sh -c 'echo $$ >/sys/fs/cgroup/ci-job/cgroup.procs && while :; do sleep 0.05; done' &
  forker=$!
  # Both in ci-job before anything else is: once it has children with
  # controllers the kernel lets no process join it.
  for pid in "$init" "$forker"; do
    tries=0
    until grep -qx '0::/ci-job' "/proc/$pid/cgroup"; do
      tries=$((tries + 1))
      [ "$tries" -lt 100 ] || return 1
      sleep 0.05
    done
  done
  in_container ci-job /vm-guest.sh suites container
  code=$?
  # armada-localstack moved every process of the namespace's root to a leaf.
  for pid in "$init" "$forker"; do
    if ! grep -qx '0::/ci-job/init' "/proc/$pid/cgroup"; then
      echo "process $pid is in $(cat "/proc/$pid/cgroup"), not in ci-job's leaf"
      code=1
    fi
  done
  kill "$init" "$forker"
  return "$code"
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t cgroup2 cgroup2 /sys/fs/cgroup
# /run as on Debian: the servers' shared pod id range lock lives there.
mkdir -p /run
mount -t tmpfs -o mode=755 tmpfs /run
ip link set lo up
insmod /usr/lib/modules/overlay.ko
# Each pod's network is a veth pair.
insmod /usr/lib/modules/veth.ko
hostname armada-vm

status=0
for scenario in $(sed -n 's/.*armada_vm=\([a-z,]*\).*/\1/p' /proc/cmdline | tr , ' '); do
  started=$(date +%s)
  if "$scenario"; then result=PASS; else result=FAIL status=1; fi
  say "$scenario: $result in $(($(date +%s) - started)) s"
done
say "EXIT $status"
poweroff -f
