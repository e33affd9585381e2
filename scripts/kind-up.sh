#!/usr/bin/env bash
# Brings up the kind stack: a kind cluster for the executor (e2e-config/kind.yaml)
# and Armada's services from its published images at ARMADA_VERSION beside it
# (e2e-config/kind/compose.yaml), with the executor config of that release's
# generation. scripts/e2e-kind.sh then runs the suites; scripts/kind-down.sh
# removes everything. Needs Docker with compose, kind and kubectl.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=e2e-common.sh
source "$(dirname "$0")/e2e-common.sh"

# Pulled once and loaded into the cluster, so jobs do not wait on a registry.
TEST_IMAGE=${TEST_IMAGE:-alpine:3.20.0}

usage() {
  cat <<HELP
Usage: scripts/kind-up.sh [--dry-run] [--help]

Creates the kind cluster KIND_CLUSTER from e2e-config/kind.yaml (a worker for
ordinary jobs, a worker labelled armadaproject.io/node-pool=node-ops and
tainted node-tests=true:NoSchedule), applies e2e-config/kind/cluster-setup.yaml
(namespace personal-anonymous, priority classes armada-default and
armada-preemptible), then starts Armada's server, scheduler, executor and
binoculars with PostgreSQL, Redis and Pulsar (e2e-config/kind/compose.yaml),
the executor reading the executor config of ARMADA_VERSION's generation.

  --dry-run   print every command, in order, without running any
  --help      this text

$(e2e_variables_help)
  TEST_IMAGE          image the testcases run, preloaded into kind [alpine:3.20.0]
HELP
}

e2e_parse_args usage "$@"
e2e_select_generation "$ARMADA_VERSION"
e2e_compose_command
e2e_require_tools docker kind kubectl
cd "$E2E_ROOT"

echo "# Armada $ARMADA_VERSION ($E2E_GENERATION generation), images $ARMADA_IMAGE_REPO/armada-bundle:$ARMADA_IMAGE_TAG"
echo "# $(e2e_describe_executor_config "$E2E_EXECUTOR_CONFIG")"

run mkdir -p "$E2E_STATE_DIR"
kind_config=e2e-config/kind.yaml
if [ "$INGRESS_PORT" != 5001 ]; then
  # kind takes host ports only from its config file.
  kind_config=$E2E_STATE_DIR/kind.yaml
  run_to "$kind_config" sed "s/hostPort: 5001$/hostPort: $INGRESS_PORT/" e2e-config/kind.yaml
fi
run kind create cluster --name "$KIND_CLUSTER" --config "$kind_config" \
  --kubeconfig "$KIND_KUBECONFIG" --wait 120s
# The executor and binoculars run in containers on the "kind" network and
# reach the API server by its container name.
run_to "$E2E_STATE_DIR/kubeconfig.internal" kind get kubeconfig --internal --name "$KIND_CLUSTER"
run kubectl --kubeconfig "$KIND_KUBECONFIG" apply -f e2e-config/kind/cluster-setup.yaml
run kubectl --kubeconfig "$KIND_KUBECONFIG" wait --for=condition=Ready nodes --all --timeout=120s
# Fails when no node carries the label: the node cases need the node-ops pool.
run kubectl --kubeconfig "$KIND_KUBECONFIG" wait --for=condition=Ready node \
  -l armadaproject.io/node-pool=node-ops --timeout=60s
run docker pull "$TEST_IMAGE"
run kind load docker-image "$TEST_IMAGE" --name "$KIND_CLUSTER"

run "${E2E_COMPOSE[@]}" pull --quiet
run "${E2E_COMPOSE[@]}" up -d
echo "# Armada is starting; scripts/e2e-kind.sh waits until it accepts jobs"
