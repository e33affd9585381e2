# shellcheck shell=bash
# Variables set here (E2E_SUITES, E2E_COMPOSE, ...) are read by the scripts
# that source this file.
# shellcheck disable=SC2034
# Sourced by the kind-stack scripts and run-local.sh: the pinned Armada
# generations, which executor config and testcase folders each one uses, and
# the --dry-run/--help plumbing. Not meant to be run on its own.
#
# Generations (Armada's release notes and config formats):
# - v0.20.37-v0.20.40 (the seeds'): failed events carry `categories`, the
#   executor reads `errorCategories` as a list. Pinned: v0.20.40, whose CI ran
#   the basic and categorization folders.
# - v0.20.41 and later: failed events carry `failureCategory`, the executor
#   reads `errorCategories: {enabled, defaultCategory, categories}`. Pinned:
#   v0.22.7, the newest release when this was written; its CI runs basic,
#   categorization, preemption, reprioritization, queue and node.
# A generation names its folders explicitly, so no glob mixes the two forms of
# the categorization cases.

E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export E2E_ROOT

E2E_PINNED_SEEDS=v0.20.40
E2E_PINNED_CURRENT=v0.22.7

DRY_RUN=0
# --tests patterns, for the scripts that set E2E_ACCEPTS_TESTS=1 before
# e2e_parse_args (made absolute against the caller's directory).
E2E_ACCEPTS_TESTS=0
E2E_USER_TESTS=()

# What differs between machines; every kind-stack script reads the same ones.
KIND_CLUSTER=${KIND_CLUSTER:-armada-test}
# Whether the caller chose a release (run-local.sh runs both pinned ones if not).
ARMADA_VERSION_SET=${ARMADA_VERSION:+1}
ARMADA_VERSION=${ARMADA_VERSION:-$E2E_PINNED_SEEDS}
ARMADA_IMAGE_REPO=${ARMADA_IMAGE_REPO:-gresearch}
ARMADA_IMAGE_TAG=${ARMADA_IMAGE_TAG:-${ARMADA_VERSION#v}}
E2E_STATE_DIR=${E2E_STATE_DIR:-$E2E_ROOT/build/kind}
KIND_KUBECONFIG=${KIND_KUBECONFIG:-$E2E_STATE_DIR/kubeconfig}
INGRESS_PORT=${INGRESS_PORT:-5001}
ARMADA_GRPC_PORT=${ARMADA_GRPC_PORT:-50051}
ARMADA_HTTP_PORT=${ARMADA_HTTP_PORT:-8080}
COMPOSE_PROJECT=${COMPOSE_PROJECT:-armada-e2e}
# The services of e2e-config/kind/compose.yaml that are not Armada's images:
# the ones kind-up.sh pulls when Armada's images are a local build.
E2E_THIRD_PARTY_SERVICES=(redis postgres pulsar)

e2e_variables_help() {
  cat <<HELP
Variables (default in brackets):
  ARMADA_VERSION      Armada release [$E2E_PINNED_SEEDS]; pinned: $E2E_PINNED_SEEDS (for
                      v0.20.37-v0.20.40: categories) and $E2E_PINNED_CURRENT (for
                      v0.20.41 on: failureCategory)
  ARMADA_IMAGE_REPO   registry/organisation of the armada-bundle images [gresearch]
  ARMADA_IMAGE_TAG    image tag [ARMADA_VERSION without its "v"]; any other tag is
                      a local Armada build (kind-up.sh does not pull it)
  KIND_CLUSTER        kind cluster name [armada-test]
  KIND_KUBECONFIG     kubeconfig of the cluster [E2E_STATE_DIR/kubeconfig]
  E2E_STATE_DIR       kubeconfigs, JUnit files and logs of the stack [build/kind]
  INGRESS_PORT        host port of the cluster's ingress (its port 80) [5001]
  ARMADA_GRPC_PORT    host port of Armada's gRPC API [50051]
  ARMADA_HTTP_PORT    host port of Armada's REST API and /health [8080]
  COMPOSE_PROJECT     docker compose project name [armada-e2e]
HELP
}

# The docker compose command of the stack, with the variables its file
# requires, as the array E2E_COMPOSE. Needs e2e_select_generation first.
e2e_compose_command() {
  E2E_COMPOSE=(env
    "ARMADA_IMAGE_REPO=$ARMADA_IMAGE_REPO"
    "ARMADA_IMAGE_TAG=$ARMADA_IMAGE_TAG"
    "ARMADA_EXECUTOR_CONFIG=$E2E_ROOT/$E2E_EXECUTOR_CONFIG"
    "KIND_INTERNAL_KUBECONFIG=$E2E_STATE_DIR/kubeconfig.internal"
    "ARMADA_GRPC_PORT=$ARMADA_GRPC_PORT"
    "ARMADA_HTTP_PORT=$ARMADA_HTTP_PORT"
    docker compose -p "$COMPOSE_PROJECT" -f e2e-config/kind/compose.yaml)
}

# Prints a command as a shell would read it, prefixed by "+ ": words with
# characters a shell treats specially are single-quoted.
e2e_show() {
  local out="+" word
  for word in "$@"; do
    if [[ "$word" =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
      out+=" $word"
    else
      out+=" '${word//\'/\'\\\'\'}'"
    fi
  done
  printf '%s\n' "$out"
}

# Runs a command, or with --dry-run only prints it.
run() {
  e2e_show "$@"
  if [ "$DRY_RUN" -eq 0 ]; then
    "$@"
  fi
}

# run_to FILE COMMAND...: the command's standard output goes to FILE.
run_to() {
  local file=$1
  shift
  printf '%s > %s\n' "$(e2e_show "$@")" "$(e2e_show "$file" | cut -c3-)"
  if [ "$DRY_RUN" -eq 0 ]; then
    "$@" >"$file"
  fi
}

e2e_die() {
  printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2
  exit 2
}

# e2e_parse_args USAGE_FUNCTION "$@": handles --dry-run, --help and, where
# E2E_ACCEPTS_TESTS=1, --tests PATTERNS.
e2e_parse_args() {
  local usage=$1
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      --dry-run) DRY_RUN=1 ;;
      -h | --help)
        "$usage"
        exit 0
        ;;
      --tests | --tests=*)
        [ "$E2E_ACCEPTS_TESTS" = 1 ] || e2e_die "unknown argument '$1' (see --help)"
        local value
        if [ "$1" = --tests ]; then
          if [ $# -lt 2 ] || [ -z "$2" ]; then e2e_die "--tests needs a pattern (see --help)"; fi
          value=$2
          shift
        else
          value=${1#--tests=}
        fi
        E2E_USER_TESTS+=("$(e2e_absolute_patterns "$value")")
        ;;
      *) e2e_die "unknown argument '$1' (see --help)" ;;
    esac
    shift
  done
}

# e2e_absolute_patterns P1,P2: each relative pattern prefixed with the
# current directory, since the scripts run from the repository root.
e2e_absolute_patterns() {
  local out="" pattern
  local IFS=,
  for pattern in $1; do
    [[ "$pattern" == /* ]] || pattern="$PWD/$pattern"
    out+="${out:+,}$pattern"
  done
  printf '%s\n' "$out"
}

# e2e_select_user_tests PATTERNS...: the caller's test cases replace the
# generation's suites, one suite per argument, named after the folder of its
# first pattern (a second suite of the same name gets -2, -3, ...).
e2e_select_user_tests() {
  local patterns name base n
  E2E_SUITES=()
  E2E_PATTERNS=()
  for patterns in "$@"; do
    base=$(basename "$(dirname "${patterns%%,*}")")
    name=$base
    n=1
    while [[ " ${E2E_SUITES[*]} " == *" $name "* ]]; do
      n=$((n + 1))
      name=$base-$n
    done
    E2E_SUITES+=("$name")
    E2E_PATTERNS+=("$patterns")
  done
}

# e2e_require_tools TOOL...: fails with one message naming every missing
# tool (and docker's compose plugin), before anything runs. Dry runs need none.
e2e_require_tools() {
  [ "$DRY_RUN" -eq 0 ] || return 0
  local missing=() tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [[ " $* " == *" docker "* ]] && command -v docker >/dev/null 2>&1 &&
    ! docker compose version >/dev/null 2>&1; then
    missing+=("docker compose (the compose v2 plugin)")
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    e2e_die "not installed: ${missing[*]} (the kind stack needs Docker with compose, kind and kubectl; see README, Running against kind)"
  fi
}

# e2e_version_number VERSION: vMAJOR.MINOR.PATCH as one comparable number.
e2e_version_number() {
  local version=$1 major minor patch
  if [[ ! "$version" =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
    e2e_die "ARMADA_VERSION '$version' is not a release tag like $E2E_PINNED_SEEDS"
  fi
  major=${BASH_REMATCH[1]}
  minor=${BASH_REMATCH[2]}
  patch=${BASH_REMATCH[3]}
  echo $((10#$major * 1000000 + 10#$minor * 1000 + 10#$patch))
}

# e2e_select_generation VERSION: sets E2E_GENERATION, E2E_EXECUTOR_CONFIG
# (relative to the repository root), and the parallel arrays E2E_SUITES
# (names) and E2E_PATTERNS (--tests patterns), in the order Armada's CI runs
# them.
e2e_select_generation() {
  local number
  number=$(e2e_version_number "$1") || exit 2
  if [ "$number" -lt "$(e2e_version_number v0.20.37)" ]; then
    e2e_die "ARMADA_VERSION $1 predates error categories (v0.20.37); pinned: $E2E_PINNED_SEEDS, $E2E_PINNED_CURRENT"
  fi
  if [ "$number" -le "$(e2e_version_number v0.20.40)" ]; then
    E2E_GENERATION=seeds
    E2E_EXECUTOR_CONFIG=e2e-config/executor_config.yaml
    E2E_SUITES=(basic categorization)
    E2E_PATTERNS=('testcases/basic/*.yaml' 'testcases/categorization/*.yaml')
  else
    E2E_GENERATION=current
    E2E_EXECUTOR_CONFIG=e2e-config/executor_config.current.yaml
    E2E_SUITES=(basic categorization preemption reprioritization queue node)
    E2E_PATTERNS=('testcases/basic/*.yaml' 'testcases/categorization.current/*.yaml'
      'testcases/preemption/*.yaml' 'testcases/reprioritization/*.yaml'
      'testcases/queue/*.yaml' 'testcases/node/*.yaml')
  fi
}

# e2e_describe_executor_config FILE: one line naming the file, the form of its
# errorCategories and their names; fails when the form is not the selected
# generation's, since that executor would refuse or misread it.
e2e_describe_executor_config() {
  local file=$1 path="$E2E_ROOT/$1" form names
  [ -f "$path" ] || e2e_die "executor config $file not found"
  if grep -Eq '^    enabled:' "$path"; then
    form="map {enabled, defaultCategory, categories}"
    [ "$E2E_GENERATION" = current ] ||
      e2e_die "$file has map-form errorCategories, which $ARMADA_VERSION does not read"
  else
    form=list
    [ "$E2E_GENERATION" = seeds ] ||
      e2e_die "$file has list-form errorCategories, which $ARMADA_VERSION does not read"
  fi
  names=$(sed -n 's/^ *- name: *//p' "$path" | tr '\n' ' ')
  echo "executor config $file: errorCategories ($form): ${names% }"
}
