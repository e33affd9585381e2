#!/usr/bin/env bash
# Installs the Debian packages the build and tests need. Idempotent: packages
# already installed are skipped, and apt is not touched when nothing is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  protobuf-compiler libprotobuf-dev protobuf-compiler-grpc libgrpc++-dev
  libyaml-cpp-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev
  libcli11-dev libre2-dev libboost-dev libboost-filesystem-dev libpugixml-dev
  libcurl4-openssl-dev libssl-dev openssl nlohmann-json3-dev libsqlite3-dev util-linux procps
  shellcheck
  # armada-localstack: the busybox userland of alpine/busybox jobs (localstack.yaml).
  busybox
  # The JSON Schema check of the shipped test cases (src/testcase/schema_check.py).
  python3-yaml python3-jsonschema
  # Renders the HTML report headless in its end-to-end test (reports_e2e_test).
  chromium
  # The sanitizer build and the libFuzzer targets (scripts/test.sh, scripts/fuzz.sh).
  clang libclang-rt-14-dev llvm-14
  # Test tooling from npm (scripts/node/: the OpenID provider of the auth tests);
  # the machine's Node.js 20 ships npm inside its nodejs package.
  nodejs
  # The auth tests check the provider's JWTs with libcjose (src/auth/testing/).
  libcjose-dev
  # openIdAuth's PKCE login takes the browser's callback with libmicrohttpd.
  libmicrohttpd-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

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

# The npm test tooling, exactly as scripts/node/package-lock.json pins it, for
# the Node.js major it was locked under. `npm ci` runs only when the lockfile
# changed since the last install (a stamp of its hash in node_modules/).
# Skipped where scripts/node/ is absent (ci/Dockerfile copies setup.sh alone
# to build the binaries, which need no Node.js).
node_dir="$(dirname "$0")/node"
if [ -f "$node_dir/package-lock.json" ]; then
  node_major=$(node --version | sed -E 's/^v([0-9]+)\..*/\1/')
  if [ "$node_major" != 20 ]; then
    echo "setup: scripts/node/ is locked for Node.js 20; node --version says $(node --version)" >&2
    exit 1
  fi
  stamp="$node_dir/node_modules/.lock-sha256"
  want=$(sha256sum "$node_dir/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    echo "setup: scripts/node/node_modules matches its lockfile"
  else
    echo "setup: npm ci in scripts/node"
    (cd "$node_dir" && npm ci --ignore-scripts --no-audit --no-fund)
    echo "$want" >"$stamp"
  fi
fi
