// What armada-localstack (PodProcess::Start) and armada-localstack-init say to
// each other over the container's control socket, and the signals the init
// holds back for the command. Header-only: the init is a binary of its own
// (static, with no library of the server's), and both sides must agree.
//
// The conversation, in order:
//   init -> server  kUserNamespaceReady: the root is built and the init has
//                   entered its user namespace; only a process outside it
//                   (the server, as host root) may map 65536 ids into it.
//   server -> init  kGo once uid_map and gid_map are written (or the server
//                   closes its end, and the init gives up).
//   init -> server  kStartError and the reason, at any point before the
//                   command's exec, when the container cannot start; the init
//                   then exits with kStartErrorExit.
// The init's end is closed by the time the command runs: at EOF with nothing
// said after kGo, the command was exec'd.
#pragma once

#include <signal.h>

namespace armada::localstack::init_protocol {

constexpr char kUserNamespaceReady = 'U';
constexpr char kGo = 'G';
constexpr char kStartError = 'E';
// The container runtime's exit code for a container that never ran.
constexpr int kStartErrorExit = 128;
// The control socket's descriptor number in the init (its --control-fd).
constexpr int kControlFd = 3;
// The user namespace the directory layer is shown through
// (idmapped_tree.h), when the server passes one (--dir-layer-ids-fd).
constexpr int kDirLayerIdsFd = 4;

// The signals a stop sends (and their like). They stay blocked from the
// init's exec on, so that one sent while the container is built is held and
// forwarded to the command once it runs: unblocked, the PID namespace's init
// would drop it (an init ignores signals it has no handler for).
inline sigset_t HeldSignals() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2}) sigaddset(&set, sig);
  return set;
}

}  // namespace armada::localstack::init_protocol
