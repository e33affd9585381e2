#include "localstack/cluster.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "localstack/cgroup.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string TempDir() {
  char pattern[] = "/tmp/cluster-test-XXXXXX";
  return ::mkdtemp(pattern) == nullptr ? "" : pattern;
}

// The size of this process's address space in KiB (VmSize).
int64_t VirtualKib() {
  std::ifstream in("/proc/self/status");
  std::string key;
  int64_t value = 0;
  while (in >> key) {
    if (key == "VmSize:" && in >> value) return value;
    in.ignore(1 << 12, '\n');
  }
  return 0;
}

// A cluster running pods as plain processes (no cgroups or namespaces), so
// these tests need neither root nor a cgroup hierarchy.
class ClusterTest : public ::testing::Test {
 protected:
  ClusterTest()
      : state_dir_(TempDir()),
        executor_(state_dir_, cgroups_, /*mount_namespaces=*/false),
        classifier_(Classifier::FromYaml("", "test").value()),
        cluster_(Config(), classifier_, executor_, queues_, events_) {
    api::Queue queue;
    queue.set_name("q");
    queue.set_priority_factor(1);
    EXPECT_TRUE(queues_.Create(queue).ok());
  }
  ~ClusterTest() override {
    cluster_.Shutdown();
    fs::remove_all(state_dir_);
  }

  static ClusterConfig Config() {
    ClusterConfig config;
    config.capacity = {4000, int64_t{1} << 32};
    return config;
  }

  std::string Submit(const std::vector<std::string>& command) {
    api::JobSubmitRequest request;
    request.set_queue("q");
    request.set_job_set_id("s");
    auto* c = request.add_job_request_items()->add_pod_specs()->add_containers();
    c->set_name("main");
    for (const auto& arg : command) c->add_command(arg);
    api::JobSubmitResponse response;
    const grpc::Status s = cluster_.Submit(request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return s.ok() ? response.job_response_items(0).job_id() : "";
  }

  // Waits until the job set's log has a terminal event for `job_id`.
  bool WaitForEnd(const std::string& job_id) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    std::string from;
    while (Clock::now() < deadline) {
      auto entries = events_.Read("q", "s", from);
      if (!entries.ok()) return false;
      for (const auto& e : *entries) {
        from = e.id;
        const auto& m = e.message;
        const bool terminal = m.has_succeeded() || m.has_failed() || m.has_cancelled();
        if (terminal && (m.has_succeeded() ? m.succeeded().job_id()
                         : m.has_failed()  ? m.failed().job_id()
                                           : m.cancelled().job_id()) == job_id) {
          return true;
        }
      }
      events_.Wait("q", "s", from, Clock::now() + std::chrono::milliseconds(100));
    }
    return false;
  }

  std::string state_dir_;
  CgroupTree cgroups_;
  Executor executor_;
  Classifier classifier_;
  QueueStore queues_;
  EventLog events_;
  Cluster cluster_;
};

TEST_F(ClusterTest, FinishedPodThreadsDoNotPileUp) {
  // Warm up: the first pods grow the heap and glibc's thread stack cache.
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(WaitForEnd(Submit({"true"})));
  const int64_t before = VirtualKib();
  constexpr int kJobs = 48;
  for (int i = 0; i < kJobs; ++i) ASSERT_TRUE(WaitForEnd(Submit({"true"})));
  // A thread that is never joined keeps its whole stack (8 MiB by default)
  // mapped; joined ones are reused. Allow far less than one stack per job.
  EXPECT_LT(VirtualKib() - before, kJobs * 8 * 1024 / 4)
      << "the address space grew by about one thread stack per job";
}

}  // namespace
}  // namespace armada::localstack
