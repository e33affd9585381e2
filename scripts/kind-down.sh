#!/usr/bin/env bash
# Removes the kind stack scripts/kind-up.sh started: first saves the logs of
# Armada's services and of the cluster (E2E_STATE_DIR/logs, for CI to upload),
# then removes the compose project with its volumes and deletes the kind
# cluster. Safe to run when the stack is partly up or already gone: a step
# that finds nothing to remove is reported and skipped.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=e2e-common.sh
source "$(dirname "$0")/e2e-common.sh"

LOGS_DIR=${LOGS_DIR:-$E2E_STATE_DIR/logs}

# shellcheck disable=SC2317  # called by e2e_parse_args
usage() {
  cat <<HELP
Usage: scripts/kind-down.sh [--dry-run] [--help]

Saves the compose services' logs and \`kind export logs\` into LOGS_DIR, runs
\`docker compose down --volumes\` for COMPOSE_PROJECT, deletes the kind cluster
KIND_CLUSTER and the kubeconfigs kind-up.sh wrote.

  --dry-run   print every command, in order, without running any
  --help      this text

$(e2e_variables_help)
  LOGS_DIR            where the logs are saved [E2E_STATE_DIR/logs]
HELP
}

e2e_parse_args usage "$@"
e2e_select_generation "$ARMADA_VERSION"
e2e_compose_command
e2e_require_tools docker kind
cd "$E2E_ROOT"

# Teardown goes on past a step that fails: what is left must still go.
status=0
try() {
  if ! run "$@"; then
    echo "kind-down.sh: '$*' failed; going on" >&2
    status=1
  fi
}

run mkdir -p "$LOGS_DIR"
if ! run_to "$LOGS_DIR/armada-services.log" "${E2E_COMPOSE[@]}" logs --no-color --timestamps; then
  echo "kind-down.sh: no service logs (stack not up?)" >&2
fi
if ! run kind export logs "$LOGS_DIR/kind" --name "$KIND_CLUSTER"; then
  echo "kind-down.sh: no cluster logs (cluster not up?)" >&2
fi
try "${E2E_COMPOSE[@]}" down --volumes --remove-orphans
try kind delete cluster --name "$KIND_CLUSTER" --kubeconfig "$KIND_KUBECONFIG"
try rm -f "$KIND_KUBECONFIG" "$E2E_STATE_DIR/kubeconfig.internal"
exit "$status"
