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
  # The static build (it replaces Debian's `busybox`, which it provides) also
  # serves as the whole userland of scripts/vm-test.sh's virtual machine.
  busybox-static
  # scripts/vm-test.sh: the VM that runs armada-localstack on cgroup v2, and
  # its initramfs (the kernel is a Debian package it downloads and caches).
  qemu-system-x86 cpio
  # The JSON Schema check of the shipped test cases (src/testcase/schema_check.py).
  python3-yaml python3-jsonschema
  # Renders the HTML report headless in its end-to-end test (reports_e2e_test).
  chromium
  # The sanitizer build and the libFuzzer targets (scripts/test.sh, scripts/fuzz.sh).
  clang libclang-rt-14-dev llvm-14
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages (${missing[*]}); run as root to install them" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
