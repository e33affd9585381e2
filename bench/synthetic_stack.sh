# shellcheck shell=bash
# The benches' own armada-localstack --executor synthetic, sourced by
# bench/run.sh and bench/server_memory.sh (it runs nothing by itself).
#
# REQUIRES: bin (the build's bin directory) and executor_config set.
# Sets up: work (a fresh directory under /tmp, removed on exit with the
# stack), HOME=$work (no ~/.armadactl.yaml of the user's takes part) and
# ARMADA_TOKEN, the stack's bearer token, which every client sends.
# Its argument names the work directory (/tmp/armada-NAME-XXXXXX).
# start_stack SERVER starts SERVER (an armada-localstack binary) and
# creates the queue `bench`; it sets stack_pid and addr. stop_stack stops it.

: "${bin:?synthetic_stack.sh needs bin}" "${executor_config:?synthetic_stack.sh needs executor_config}"
work=$(mktemp -d "/tmp/armada-${1:-bench}-XXXXXX")
stack_pid=
cleanup() {
  if [ -n "$stack_pid" ]; then kill "$stack_pid" 2>/dev/null || true; wait "$stack_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work
ARMADA_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export ARMADA_TOKEN
# Only the token file is private: under umask 077 armada-localstack's isolated
# jobs cannot enter the directories it makes for them.
(umask 077 && printf '%s\n' "$ARMADA_TOKEN" >"$work/token")

start_stack() {
  local server=$1
  # Made here: the server's redirection happens in the background, maybe
  # after the first look below.
  : >"$work/stack.out"
  "$server" --executor synthetic --listen 127.0.0.1:0 --executor-config "$executor_config" \
    --cpu 1000000 --memory 1Pi --work-dir "$work/stack" --token-file "$work/token" \
    >"$work/stack.out" 2>"$work/stack.log" &
  stack_pid=$!
  addr=
  for _ in $(seq 1 300); do
    addr=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/localhost:\1/p' "$work/stack.out")
    [ -n "$addr" ] && break
    sleep 0.05
  done
  [ -n "$addr" ] || { echo "$0: $server did not start:" >&2; cat "$work/stack.log" >&2; exit 1; }
  "$bin/bench_queue" "$addr" bench || {
    echo "$0: creating the queue failed; armada-localstack's log:" >&2
    tail -20 "$work/stack.log" >&2
    exit 1
  }
}

stop_stack() {
  kill "$stack_pid"
  wait "$stack_pid" || true
  stack_pid=
}
