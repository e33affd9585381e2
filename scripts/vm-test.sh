#!/usr/bin/env bash
# Runs armada-localstack on cgroup v2, which this machine (cgroup v1) cannot:
# boots Debian 12's own kernel under QEMU with an initramfs of this build's
# binaries and test binaries, their shared libraries, busybox, util-linux's
# unshare, the kernel's overlay.ko and the checkout's testcases/ and
# e2e-config/ (at the paths they have here, which the test binaries were
# compiled with). The guest (scripts/vm-guest.sh) mounts only cgroup2 and runs
# each scenario: the shipped basic, categorization and node cases of both
# Armada generations on the embedded armada-localstack, then the security
# end-to-end tests.
#   host       controllers enabled at the root, as systemd does; the runner
#              in the root cgroup
#   container  a privileged CI job container (docker-in-docker, a
#              devcontainer): its own cgroup namespace, whose root holds its
#              processes, and cgroup2 mounted afresh in its mount namespace
# The kernel is the package linux-image-cloud-amd64 depends on (the
# metapackage holds none), downloaded with apt-get once and cached in
# $VM_CACHE (default ~/.cache/armada-testsuite/vm).
#
# Usage: scripts/vm-test.sh [SCENARIO...]   (default: every scenario, one boot)
# Needs a build (scripts/build.sh) and scripts/setup.sh's qemu-system-x86,
# busybox-static and cpio. Variables: BUILD_DIR [build], VM_TIMEOUT seconds
# the whole script may take, the VM killed when they are up [420], VM_ACCEL
# [tcg; kvm where it works].
# The serial console goes to BUILD_DIR/vm/console.log and, filtered, here.
# Exits 0 when every scenario passed, 1 when one failed, 2 when the VM could
# not be built or did not report (a hang killed at VM_TIMEOUT, a panic).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${BUILD_DIR:-$root/build}" 2>/dev/null && pwd) ||
  { echo "vm-test: no build directory ${BUILD_DIR:-$root/build}; run scripts/build.sh" >&2; exit 2; }
cache=${VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/armada-testsuite/vm}
budget=${VM_TIMEOUT:-420}
all_scenarios=(host container)

die() {
  echo "vm-test: $*" >&2
  exit 2
}

scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=("${all_scenarios[@]}")
for s in "${scenarios[@]}"; do
  [[ " ${all_scenarios[*]} " == *" $s "* ]] || die "unknown scenario '$s' (known: ${all_scenarios[*]})"
done
for tool in qemu-system-x86_64 busybox cpio unshare prlimit apt-get dpkg-deb strip; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/setup.sh installs it)"
done
binaries=("$build/bin/armada-testsuite" "$build/bin/armada-localstack"
  "$build/bin/armada-localstack-init" "$build/bin/security_e2e_test")
for b in "${binaries[@]}"; do
  [ -x "$b" ] || die "$b not built (scripts/build.sh)"
done

start=$SECONDS

# The kernel: vmlinuz and the modules the guest loads (overlay.ko for the
# containers' roots, veth.ko for the pods' networks) of the package the
# metapackage names (vm-guest.sh loads them). Neither depends on another.
modules=(overlay veth)
kernel_package=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
  awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }') || true
[ -n "$kernel_package" ] ||
  die "apt-cache does not know linux-image-cloud-amd64's kernel (apt-get update first)"
kernel_dir=$cache/$kernel_package
if [ ! -f "$kernel_dir/vmlinuz" ] || [ ! -f "$kernel_dir/overlay.ko" ] ||
  [ ! -f "$kernel_dir/veth.ko" ]; then
  echo "vm-test: downloading $kernel_package into $kernel_dir"
  download=$(mktemp -d)
  trap 'rm -rf "$download"' EXIT
  # apt's download sandbox user must be able to write there.
  if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$download"; fi
  (cd "$download" && apt-get download -q "$kernel_package" >apt.log 2>&1) ||
    die "apt-get download $kernel_package failed: $(tail -3 "$download/apt.log")"
  dpkg-deb -x "$download"/*.deb "$download/x"
  mkdir -p "$kernel_dir"
  cp "$download"/x/boot/vmlinuz-* "$kernel_dir/vmlinuz.new"
  for module in "${modules[@]}"; do
    found=$(find "$download/x/lib/modules" -name "$module.ko*" | head -1)
    [ -n "$found" ] || die "$kernel_package has no $module.ko"
    case "$found" in
      *.ko) cp "$found" "$kernel_dir/$module.ko" ;;
      *.ko.xz) xz -dc "$found" >"$kernel_dir/$module.ko" ;;
      *) die "cannot unpack $found" ;;
    esac
  done
  mv "$kernel_dir/vmlinuz.new" "$kernel_dir/vmlinuz"
  rm -rf "$download"
  trap - EXIT
fi

# The initramfs: a merged-/usr tree as on Debian, every file at its path here.
stage=$build/vm/root
rm -rf "$stage"
mkdir -p "$stage"/usr/{bin,sbin,lib,lib64,share,local} "$stage"/{dev,proc,sys,root,etc,newroot} \
  "$stage"/{tmp,var/tmp,var/lib,opt,home}
for d in bin sbin lib lib64; do ln -s "usr/$d" "$stage/$d"; done
chmod 1777 "$stage/tmp" "$stage/var/tmp"
chmod 700 "$stage/root"
# Debug information is most of the binaries' size, and the guest never reads it.
for b in "${binaries[@]}"; do
  mkdir -p "$stage$(dirname "$b")"
  strip --strip-debug -o "$stage$b" "$b"
done
# util-linux's unshare (busybox's has no -C) and prlimit (the security tests
# run --cleanup under a descriptor limit).
cp "$(command -v unshare)" "$stage/usr/bin/unshare"
cp "$(command -v prlimit)" "$stage/usr/bin/prlimit"
busybox=$(command -v busybox)
cp "$busybox" "$stage/usr/bin/busybox"
for applet in $(busybox --list); do
  [ -e "$stage/usr/bin/$applet" ] || ln -s busybox "$stage/usr/bin/$applet"
done
# Every shared library of those binaries, at the path the loader looks in.
# (ldd fails on a static binary: armada-localstack-init, busybox-static.)
{ ldd "${binaries[@]}" "$stage/usr/bin/unshare" "$stage/usr/bin/prlimit" "$busybox" 2>/dev/null || true; } |
  awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | sort -u |
  while read -r library; do
    mkdir -p "$stage$(dirname "$library")"
    cp -L "$library" "$stage$library"
  done
mkdir -p "$stage/usr/lib/modules"
for module in "${modules[@]}"; do
  cp "$kernel_dir/$module.ko" "$stage/usr/lib/modules/$module.ko"
done
mkdir -p "$stage$root"
cp -r "$root/testcases" "$root/e2e-config" "$stage$root/"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$stage/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$stage/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$stage/etc/hosts"
printf 'passwd: files\ngroup: files\nhosts: files\n' >"$stage/etc/nsswitch.conf"
# A host's secret, which the security tests check jobs cannot read.
printf 'root:*:19000:0:99999:7:::\n' >"$stage/etc/shadow"
chmod 600 "$stage/etc/shadow"
cp "$root/scripts/vm-guest.sh" "$stage/vm-guest.sh"
printf 'ROOT=%s\nBUILD=%s\n' "$root" "$build" >"$stage/etc/vm-test.env"
# The kernel runs /init from the initramfs, whose root cannot be pivoted (as
# armada-localstack does for each container): copy everything into a tmpfs
# and switch to it. There is no /dev/console before devtmpfs is mounted.
cat >"$stage/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
/bin/busybox mount -t tmpfs -o mode=755 root /newroot
for entry in /*; do
  case "$entry" in /newroot | /dev | /init) ;; *) /bin/busybox cp -a "$entry" /newroot/ ;; esac
done
/bin/busybox mkdir -p /newroot/dev
/bin/busybox mount --move /dev /newroot/dev
exec /bin/busybox switch_root /newroot /vm-guest.sh
INIT
chmod 755 "$stage/init" "$stage/vm-guest.sh"
image=$build/vm/initramfs.cpio
(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) >"$image"
echo "vm-test: image $(du -m "$image" | cut -f1) MB and kernel $kernel_package ready in $((SECONDS - start)) s"

# The VM. Its console streams here (kernel chatter and the OOM killer's
# reports only into the log); the guest's last line is "VM-TEST EXIT N".
log=$build/vm/console.log
wanted=$(IFS=,; echo "${scenarios[*]}")
boot=$SECONDS
timeout_s=$((budget - (SECONDS - start)))
[ "$timeout_s" -gt 0 ] || die "no time left for the VM (VM_TIMEOUT=$budget s)"
timeout -k 5 "$timeout_s" qemu-system-x86_64 -accel "${VM_ACCEL:-tcg}" -m 4096 -smp 2 \
  -nodefaults -no-user-config -display none -serial stdio -no-reboot \
  -kernel "$kernel_dir/vmlinuz" -initrd "$image" \
  -append "console=ttyS0 panic=-1 quiet armada_vm=$wanted" </dev/null 2>&1 |
  tr -d '\r' | tee "$log" | grep --line-buffered -v '^\[ *[0-9]*\.[0-9]*\]' || true
elapsed=$((SECONDS - boot))
code=$(sed -n 's/^VM-TEST EXIT \([0-9][0-9]*\)$/\1/p' "$log" | tail -1)
if [ -z "$code" ]; then
  echo "vm-test: the VM did not report within ${timeout_s} s (hung and killed, or a kernel panic): see $log" >&2
  exit 2
fi
echo "vm-test: scenarios ${scenarios[*]}: VM ran ${elapsed} s, $((SECONDS - start)) s in all; console in $log"
exit "$code"
