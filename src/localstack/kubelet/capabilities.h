// The capabilities a container's command keeps, as containerd (the runtime
// of kind's nodes) and runc give them: containerd's default set — CHOWN,
// DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP,
// SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE — then, in
// containerd's order, add "ALL", drop "ALL", each other name of
// securityContext.capabilities.add, each other name of its drop. A name is
// upper-cased and prefixed with "CAP_" (so "CAP_X" names nothing), and one
// the kernel does not know is ignored, as runc ignores it.
//
// They hold in the container's user namespace only: the init keeps them in
// its bounding set, so the command, running as the namespace's root, has
// exactly these; one run as another user has none, as in a cluster.
#pragma once

#include <vector>

#include "localstack/pod/job_spec.h"

namespace armada::localstack {

// The kept capabilities' numbers, ascending.
std::vector<int> KeptCapabilities(const ContainerSpec& container);

}  // namespace armada::localstack
