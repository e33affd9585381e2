// A PodRunner for tests: each pod does what its first container's command
// says, with no process, cgroup or root involved, and the runner records what
// the Cluster handed it (as ninja's FakeCommandRunner does for commands).
//
// Scripts (the first container's argv, command then args: the script's name
// and its arguments):
//   succeed                        starts, then completes (exit code 0)
//   fail CODE [REASON [MESSAGE]]   starts, then fails with exit code CODE,
//                                  reason REASON (default Error) and
//                                  termination message MESSAGE
//   unstartable MESSAGE            never starts: StartError, exit code 128
//   run                            starts, then runs until stopped, or until
//                                  its activeDeadlineSeconds, which pass at
//                                  once (pod reason DeadlineExceeded) when
//                                  under kNeverPasses (Armada's 72 h default,
//                                  submission_defaults.h, is a deadline no
//                                  test reaches)
//   hold                           stays before its containers start until
//                                  stopped
// A stopped pod ends as the Executor ends one: stopped, its started
// containers with exit code 143 (SIGTERM). Any other command fails the test.
//
// Thread-safe: Run is called on the Cluster's pod threads, the accessors on
// the test's.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "localstack/pod/pod_runner.h"

namespace armada::localstack::testing {

class ScriptedPodRunner final : public PodRunner {
 public:
  static constexpr int64_t kNeverPasses = 3600;

  // `unenforced` is what unenforced() reports.
  explicit ScriptedPodRunner(std::string unenforced = "") : unenforced_(std::move(unenforced)) {}

  PodResult Run(const PodIdentity& pod, const PodSpec& spec, const PodControl& control,
                const std::function<void(const std::string&)>& on_running) const override;
  const std::string& unenforced() const override { return unenforced_; }

  // One Run call as the runner saw it.
  struct Call {
    PodIdentity pod;
    PodSpec spec;
    bool stopped = false;
    // PodControl's grace override when the pod saw the stop.
    std::optional<int64_t> grace_override;
    bool ended = false;
  };
  // The job ids of the pods run so far, in the order their Run began.
  std::vector<std::string> started() const;
  // The call for `job_id`'s pod; nullopt when it never ran.
  std::optional<Call> call(const std::string& job_id) const;

 private:
  PodResult Script(const PodSpec& spec, const PodControl& control,
                   const std::function<void(const std::string&)>& on_running) const;

  const std::string unenforced_;
  mutable std::mutex mu_;
  mutable std::vector<Call> calls_;
};

}  // namespace armada::localstack::testing
