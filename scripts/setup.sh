#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, then the npm test
# tooling of scripts/node/ (validators the tests run on the CI files; never
# shipped). Idempotent: packages already installed are skipped, apt is not
# touched when nothing is missing, and npm runs only when the lockfile changed.
# SETUP_TEST_TOOLING=0 skips Node.js and the npm tooling (ci/Dockerfile's build
# stage, which runs no tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  protobuf-compiler libprotobuf-dev protobuf-compiler-grpc libgrpc++-dev
  libyaml-cpp-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev
  libcli11-dev libre2-dev libboost-dev libboost-filesystem-dev libpugixml-dev
  libcurl4-openssl-dev libssl-dev openssl nlohmann-json3-dev libsqlite3-dev zlib1g-dev util-linux procps
  shellcheck
  # armada-localstack: the busybox userland of alpine/busybox jobs (localstack.yaml).
  # The static build (it replaces Debian's `busybox`, which it provides) also
  # serves as the whole userland of scripts/vm-test.sh's virtual machine.
  busybox-static
  # scripts/vm-test.sh: the VM that runs armada-localstack on cgroup v2, and
  # its initramfs (the kernel is a Debian package it downloads and caches).
  qemu-system-x86 cpio
  # The JSON Schema check of the shipped test cases (src/testcase/schema_check.py).
  python3-yaml python3-jsonschema
  # Lifecycle coverage's state graph, drawn in process by Graphviz's library
  # (src/report/coverage_graph.cpp).
  libgraphviz-dev
  # Renders the HTML report headless in its end-to-end test (reports_e2e_test).
  chromium
  # armada-localstack verifies OpenID tokens with libcjose (src/auth/id_token_verifier.h).
  libcjose-dev
  # openIdAuth's PKCE login takes the browser's callback with libmicrohttpd.
  libmicrohttpd-dev
  # armada-localstack gives each pod a network namespace and veth pair over
  # netlink with libnl (src/localstack/kubelet/pod_network.h).
  libnl-route-3-dev
  # armada-localstack reads capability names with libcap (src/localstack/kubelet/capabilities.h).
  libcap-dev
  # The sanitizer build and the libFuzzer targets (scripts/test.sh, scripts/fuzz.sh).
  clang libclang-rt-14-dev llvm-14
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# Node.js 20 or later with npm, for scripts/node/. Debian's own nodejs (18)
# is installed only where there is none: a newer one already installed
# (with its own npm) is kept.
test_tooling=${SETUP_TEST_TOOLING:-1}
if [ "$test_tooling" != 0 ] && ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages (${missing[*]}); run as root to install them" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[ "$test_tooling" != 0 ] || exit 0
# The test tooling, exactly as package-lock.json pins it. The lockfile's hash
# is kept beside node_modules, so a second run costs a hash, not npm.
node_major=$(node --version | sed -E 's/^v([0-9]+)\..*/\1/')
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js $(node --version) is too old for scripts/node/ (needs 20 or later)" >&2
  exit 1
fi
tooling=$root/scripts/node
lock_hash=$(sha256sum "$tooling/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$tooling/node_modules/.lock-sha256" 2>/dev/null)" = "$lock_hash" ]; then
  echo "setup: npm test tooling present (scripts/node)"
else
  echo "setup: installing the npm test tooling (scripts/node, npm ci)"
  (cd "$tooling" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" >"$tooling/node_modules/.lock-sha256"
fi
