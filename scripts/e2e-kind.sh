#!/usr/bin/env bash
# Runs the suites of ARMADA_VERSION's generation (or the caller's --tests
# patterns) against the kind stack that scripts/kind-up.sh started: waits
# until Armada accepts jobs, creates the test queues, then runs
# `armada-testsuite test` once per suite, as Armada's CI does, writing one
# JUnit file per suite, with KUBECONFIG naming the kind cluster's kubeconfig
# (the node cases find their node through it). Exits 1 when any suite failed
# (every suite still runs), 2 when the stack never became ready.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=e2e-common.sh
source "$(dirname "$0")/e2e-common.sh"

ARMADA_TESTSUITE=${ARMADA_TESTSUITE:-$E2E_ROOT/build/bin/armada-testsuite}
JUNIT_DIR=${JUNIT_DIR:-$E2E_STATE_DIR}
READY_TIMEOUT=${READY_TIMEOUT:-300}
E2E_QUEUES=${E2E_QUEUES:-e2e-test-queue e2e-test-queue-node-cancel e2e-test-queue-node-preempt}

usage() {
  cat <<HELP
Usage: scripts/e2e-kind.sh [--tests PATTERNS]... [--dry-run] [--help]

Waits for Armada's /health, then for the scheduler to list an executor;
creates the queues E2E_QUEUES; runs each suite of ARMADA_VERSION's generation
(v0.20.37-v0.20.40: basic, categorization; later: basic, categorization,
preemption, reprioritization, queue, node) with
  KUBECONFIG=KIND_KUBECONFIG armada-testsuite test --tests 'testcases/SUITE/*.yaml' \
    --junit JUNIT_DIR/junit-SUITE.xml
and exits non-zero if any failed.

  --tests P   run these test cases instead of the generation's suites: one
              run per --tests, named after the folder of its first pattern
              (JUNIT_DIR/junit-FOLDER.xml); P is armada-testsuite's --tests
              (globs, comma-separated), relative to the current directory
  --dry-run   print every command, in order, without running any
  --help      this text

$(e2e_variables_help)
  ARMADA_TESTSUITE    the runner's command, split on spaces (CI gives a
                      \`docker run ... IMAGE\`) [build/bin/armada-testsuite]
  JUNIT_DIR           where junit-SUITE.xml files go [E2E_STATE_DIR]
  READY_TIMEOUT       seconds to wait for each readiness check [300]
  E2E_QUEUES          queues to create, space-separated [e2e-test-queue and the
                      node cases' e2e-test-queue-node-cancel, -node-preempt]
HELP
}

E2E_ACCEPTS_TESTS=1
e2e_parse_args usage "$@"
e2e_select_generation "$ARMADA_VERSION"
if [ ${#E2E_USER_TESTS[@]} -gt 0 ]; then
  e2e_select_user_tests "${E2E_USER_TESTS[@]}"
fi
e2e_compose_command
e2e_require_tools docker curl
cd "$E2E_ROOT"

# wait_until DESCRIPTION SHOWN COMMAND...: retries COMMAND every 2s until it
# succeeds, for up to READY_TIMEOUT seconds; SHOWN is how it is printed.
wait_until() {
  local what=$1 shown=$2 waited=0
  shift 2
  printf '%s   # waits for %s, up to %ss\n' "$shown" "$what" "$READY_TIMEOUT"
  [ "$DRY_RUN" -eq 0 ] || return 0
  until "$@" >/dev/null 2>&1; do
    if [ "$waited" -ge "$READY_TIMEOUT" ]; then
      echo "e2e-kind.sh: Armada not ready: waited ${READY_TIMEOUT}s for $what" >&2
      exit 2
    fi
    sleep 2
    waited=$((waited + 2))
  done
}

# The scheduler logs this once an executor has reported its nodes; before
# that, jobs are accepted but never leased (Armada's CI waits on the same).
# The whole log is read before it is searched, as Armada's CI does
# (CheckDockerContainerRunning, magefiles/developer.go@v0.20.40,
# magefiles/ci.go@v0.22.7): piped into `grep -q`, which exits at the first
# match, compose would die of SIGPIPE while the scheduler's steady logging
# is still being written, and under pipefail the check would fail.
executor_reported() {
  local logs
  logs=$("${E2E_COMPOSE[@]}" logs scheduler) || return 1
  grep -Eq "$EXECUTOR_REPORTED" <<<"$logs"
}
EXECUTOR_REPORTED='Retrieved [1-9][0-9]* executors'

# Creates a queue through the REST gateway (POST /v1/queue); one that
# already exists (HTTP 409) is fine.
create_queue() {
  local code request=(curl -sS -o /dev/null -w '%{http_code}' -X POST
    "http://localhost:$ARMADA_HTTP_PORT/v1/queue" -H 'Content-Type: application/json'
    -d "{\"name\": \"$1\", \"priorityFactor\": 1}")
  printf '%s   # HTTP 200, or 409 when it exists\n' "$(e2e_show "${request[@]}")"
  [ "$DRY_RUN" -eq 0 ] || return 0
  code=$("${request[@]}") || code="000 (no answer)"
  case "$code" in
    200 | 409) ;;
    *)
      echo "e2e-kind.sh: creating queue $1 answered HTTP $code" >&2
      exit 2
      ;;
  esac
}

echo "# Armada $ARMADA_VERSION ($E2E_GENERATION generation): suites ${E2E_SUITES[*]}"
health=(curl -fsS "http://localhost:$ARMADA_HTTP_PORT/health")
wait_until "Armada's /health to answer" "$(e2e_show "${health[@]}")" "${health[@]}"
wait_until "an executor to report" \
  "+ logs=\$($(e2e_show "${E2E_COMPOSE[@]}" logs scheduler | cut -c3-)); grep -Eq '$EXECUTOR_REPORTED' <<<\"\$logs\"" \
  executor_reported
for queue in $E2E_QUEUES; do
  create_queue "$queue"
done

run mkdir -p "$JUNIT_DIR"
read -r -a testsuite <<<"$ARMADA_TESTSUITE"
# The runner finds the node cases' nodes through this kubeconfig; kind-up.sh
# wrote it there, not to ~/.kube/config. (Armada's CI lets kind write
# ~/.kube/config, where client-go's default rules find it: magefiles/kind.go
# at both pinned releases.) A runner in a container gets it with
# `-e KUBECONFIG`.
failed=()
for i in "${!E2E_SUITES[@]}"; do
  suite=${E2E_SUITES[$i]}
  if ! run env "KUBECONFIG=$KIND_KUBECONFIG" "${testsuite[@]}" test --tests "${E2E_PATTERNS[$i]}" \
    --junit "$JUNIT_DIR/junit-$suite.xml" \
    --config e2e-config/armadactl_config.yaml --armadaUrl "localhost:$ARMADA_GRPC_PORT"; then
    failed+=("$suite")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "e2e-kind.sh: failed suites: ${failed[*]} (JUnit files in $JUNIT_DIR)" >&2
  exit 1
fi
[ "$DRY_RUN" -eq 1 ] || echo "# every suite passed"
