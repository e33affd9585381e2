#!/usr/bin/env bash
# Brings up the kind stack: a kind cluster for the executor (e2e-config/kind.yaml)
# and Armada's services beside it (e2e-config/kind/compose.yaml), from its
# published images at ARMADA_VERSION or from images built in a local Armada
# checkout (any other ARMADA_IMAGE_TAG: never pulled, they must be present),
# with the executor config of that release's generation. scripts/e2e-kind.sh
# then runs the suites; scripts/kind-down.sh removes everything. Needs Docker
# with compose, kind and kubectl.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=e2e-common.sh
source "$(dirname "$0")/e2e-common.sh"

# What the cluster itself runs: the test cases' job images (every `image:` of
# testcases/), pulled once and loaded into the nodes so jobs do not wait on
# a registry. Armada's own images run beside the cluster, in compose.
TEST_IMAGES=${TEST_IMAGES:-alpine:3.20.0}

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

Armada's images are ARMADA_IMAGE_REPO/armada-bundle and armada-lookout-bundle
at ARMADA_IMAGE_TAG. The release's own tag is pulled; any other tag is an
image built from a local Armada checkout (there: \`mage buildDockers
"bundle, lookout-bundle"\` tags them latest) and is never pulled: it must be
present in the local Docker.

  --dry-run   print every command, in order, without running any
  --help      this text

$(e2e_variables_help)
  TEST_IMAGES         images the test cases' jobs run, space-separated, pulled
                      and loaded into kind [alpine:3.20.0]
HELP
}

e2e_parse_args usage "$@"
e2e_select_generation "$ARMADA_VERSION"
e2e_compose_command
e2e_require_tools docker kind kubectl
cd "$E2E_ROOT"

armada_images=("$ARMADA_IMAGE_REPO/armada-bundle:$ARMADA_IMAGE_TAG"
  "$ARMADA_IMAGE_REPO/armada-lookout-bundle:$ARMADA_IMAGE_TAG")
if [ "$ARMADA_IMAGE_TAG" = "${ARMADA_VERSION#v}" ]; then
  echo "# Armada $ARMADA_VERSION ($E2E_GENERATION generation), published images ${armada_images[*]}"
else
  echo "# Armada $ARMADA_IMAGE_TAG built locally, tested as the $E2E_GENERATION generation ($ARMADA_VERSION); images ${armada_images[*]}, not pulled"
  # Before anything is created: a missing local build is the likeliest mistake.
  if [ "$DRY_RUN" -eq 0 ] && ! docker image inspect "${armada_images[@]}" >/dev/null 2>&1; then
    e2e_die "${armada_images[*]}: not all present in the local Docker; ARMADA_IMAGE_TAG=$ARMADA_IMAGE_TAG is not the release's tag (${ARMADA_VERSION#v}), so they are not pulled. Build them in your Armada checkout (mage buildDockers \"bundle, lookout-bundle\", which tags them latest), or unset ARMADA_IMAGE_TAG for the published release"
  fi
fi
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
for image in $TEST_IMAGES; do
  run docker pull "$image"
  run kind load docker-image "$image" --name "$KIND_CLUSTER"
done

if [ "$ARMADA_IMAGE_TAG" = "${ARMADA_VERSION#v}" ]; then
  run "${E2E_COMPOSE[@]}" pull --quiet
else
  # Only the third-party services: a local tag exists in no registry.
  run "${E2E_COMPOSE[@]}" pull --quiet "${E2E_THIRD_PARTY_SERVICES[@]}"
fi
# Nothing is pulled here (compose up pulls only what is missing, and nothing is).
run "${E2E_COMPOSE[@]}" up -d --pull never
echo "# Armada is starting; scripts/e2e-kind.sh waits until it accepts jobs"
