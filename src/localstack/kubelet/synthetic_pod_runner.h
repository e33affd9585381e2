// A PodRunner that starts no process: each container's end is read from its
// spec, so armada-localstack --executor synthetic produces a job's events as
// fast as the event log takes them (for load tests and bench/). The Cluster,
// its event sequences and the classifier are the same as with the Executor;
// only the machine is left out.
//
// A container's outcome (its command and args read as one shell line):
//   - the annotation kSyntheticReasonAnnotation on the job, e.g. OOMKilled:
//     every main container ends with that reason and exit code 137;
//   - `exit N` anywhere in the line: exit code N (reason Error when N != 0);
//   - a command named `false`: exit code 1;
//   - `sleep S` (S seconds, fractions allowed): the container runs S seconds
//     (or until a stop or the pod's activeDeadlineSeconds) and then exits 0;
//   - anything else (`true`, `echo hi`, ...): exit code 0, at once.
// Init containers run first, one after another; a failing one fails the pod.
// A stop ends the pod as the Executor does (stopped; started containers exit
// 143). Nothing is enforced, which unenforced() says.
// Thread-safe: Run may be called for several pods at once; it keeps no state.
#pragma once

#include <string>

#include "localstack/pod/pod_runner.h"

namespace armada::localstack {

// The job annotation that makes a synthetic pod's main containers end with
// the given Kubernetes reason (e.g. OOMKilled).
inline constexpr char kSyntheticReasonAnnotation[] = "armada-localstack/synthetic-reason";

class SyntheticPodRunner final : public PodRunner {
 public:
  SyntheticPodRunner();
  SyntheticPodRunner(const SyntheticPodRunner&) = delete;
  SyntheticPodRunner& operator=(const SyntheticPodRunner&) = delete;

  PodResult Run(const PodIdentity& pod, const PodSpec& spec, const PodControl& control,
                const std::function<void(const std::string&)>& on_running) const override;
  const std::string& unenforced() const override { return unenforced_; }

 private:
  const std::string unenforced_;
};

// What a container with this command and args would exit with, per the file
// comment (the annotation aside); `sleep_seconds` gets the duration of a
// `sleep` line (0 otherwise).
int SyntheticExitCode(const ContainerSpec& container, double* sleep_seconds);

}  // namespace armada::localstack
