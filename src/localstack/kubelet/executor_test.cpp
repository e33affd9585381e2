// The Executor with real processes but no cgroups or namespaces, so these run
// without root; the e2e tests cover limits and isolation.
#include "localstack/kubelet/executor.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <thread>

#include "localstack/testing/shell_container.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

class ExecutorTest : public ::testing::Test {
 protected:
  ExecutorTest() {
    char pattern[] = "/tmp/executor-test-XXXXXX";
    dir_ = ::mkdtemp(pattern) == nullptr ? "" : pattern;
    pod_.job_id = "job";
    pod_.name = "armada-job-0";
  }
  ~ExecutorTest() override { fs::remove_all(dir_); }

  PodResult Run(const PodSpec& spec, const PodControl& control, bool* announced) {
    const Executor executor(dir_, cgroups_, /*mount_namespaces=*/false);
    return executor.Run(pod_, spec, control, [&](const std::string&) { *announced = true; });
  }

  std::string dir_;
  PodIdentity pod_;
  const CgroupTree cgroups_;
};

TEST_F(ExecutorTest, StoppedBeforeStartRunsNothing) {
  PodSpec spec;
  *spec.add_initcontainers() = testing::ShellContainer("setup", "true");
  *spec.add_containers() = testing::ShellContainer("main", "true");
  PodControl control;
  control.Stop();  // a cancel that came while the job was leased

  bool announced = false;
  const PodResult result = Run(spec, control, &announced);
  EXPECT_TRUE(result.stopped);
  EXPECT_FALSE(result.succeeded);
  EXPECT_TRUE(result.outcome.containers.empty()) << "a container was started after the stop";
  EXPECT_FALSE(announced);
}

TEST_F(ExecutorTest, InitContainersRunInOrderBeforeTheMainOnes) {
  PodSpec spec;
  *spec.add_initcontainers() = testing::ShellContainer("first", "echo 1 > ../order");
  *spec.add_initcontainers() = testing::ShellContainer("second", "echo 2 >> ../order");
  *spec.add_containers() = testing::ShellContainer("main", "cat ../order");
  PodControl control;
  bool announced = false;
  const PodResult result = Run(spec, control, &announced);
  EXPECT_TRUE(result.succeeded);
  EXPECT_TRUE(announced);
  ASSERT_EQ(result.outcome.containers.size(), 3u);
  EXPECT_TRUE(result.outcome.containers[0].is_init);
  EXPECT_FALSE(result.outcome.containers[2].is_init);
  EXPECT_EQ(result.outcome.containers[2].name, "main");
}

TEST_F(ExecutorTest, AFailingInitContainerStopsThePod) {
  PodSpec spec;
  *spec.add_initcontainers() = testing::ShellContainer("setup", "exit 2");
  *spec.add_containers() = testing::ShellContainer("main", "true");
  PodControl control;
  bool announced = false;
  const PodResult result = Run(spec, control, &announced);
  EXPECT_FALSE(result.succeeded);
  EXPECT_FALSE(result.stopped);
  EXPECT_FALSE(announced);
  ASSERT_EQ(result.outcome.containers.size(), 1u);
  EXPECT_EQ(result.outcome.containers[0].exit_code, 2);
}

TEST_F(ExecutorTest, StopTerminatesARunningPod) {
  PodSpec spec;
  *spec.add_containers() = testing::ShellContainer("main", "sleep 30");
  PodControl control;
  bool announced = false;
  std::thread stopper([&] {
    // Stop once the pod runs; a stop before would start nothing.
    while (!control.WaitFor(std::chrono::milliseconds(5))) {
      if (fs::exists(dir_ + "/jobs/job/main.log")) control.Stop(/*grace_seconds=*/5);
    }
  });
  const PodResult result = Run(spec, control, &announced);
  stopper.join();
  EXPECT_TRUE(result.stopped);
  EXPECT_FALSE(result.succeeded);
  EXPECT_TRUE(announced);
  ASSERT_EQ(result.outcome.containers.size(), 1u);
  EXPECT_EQ(result.outcome.containers[0].exit_code, 128 + SIGTERM);
}

TEST_F(ExecutorTest, ActiveDeadlineEndsThePod) {
  PodSpec spec;
  spec.set_activedeadlineseconds(1);
  spec.set_terminationgraceperiodseconds(0);
  *spec.add_containers() = testing::ShellContainer("main", "sleep 30");
  PodControl control;
  bool announced = false;
  const PodResult result = Run(spec, control, &announced);
  EXPECT_FALSE(result.stopped);
  EXPECT_FALSE(result.succeeded);
  EXPECT_EQ(result.outcome.pod_reason, kDeadlineExceededReason);
  EXPECT_EQ(result.message, kDeadlineExceededMessage);
  ASSERT_EQ(result.outcome.containers.size(), 1u);
  EXPECT_EQ(result.outcome.containers[0].exit_code, 128 + SIGKILL) << "grace 0 kills at once";
}

TEST_F(ExecutorTest, AJobDirectoryIsReusedEmpty) {
  Executor executor(dir_, cgroups_, /*mount_namespaces=*/false);
  const JobLogs logs(dir_ + "/logs");
  executor.KeepLogsIn(&logs);
  PodControl control;
  PodSpec first;
  *first.add_containers() =
      testing::ShellContainer("first", "echo secret > ../leftover; mkdir ../d; echo hi");
  pod_.job_id = "job-1";
  EXPECT_TRUE(executor.Run(pod_, first, control, nullptr).succeeded);
  PodSpec second;
  *second.add_containers() = testing::ShellContainer("main", "ls -a ..");
  pod_.job_id = "job-2";
  EXPECT_TRUE(executor.Run(pod_, second, control, nullptr).succeeded);

  // The second job sees only its own files, in a directory the first left.
  EXPECT_EQ(logs.Read("job-2", "main", -1, 0).value(),
            ".\n..\nmain.log\nmain.termination-log\nwork\n");
  EXPECT_EQ(logs.Read("job-1", "first", -1, 0).value(), "hi\n");
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(dir_ + "/jobs")) {
    left.push_back(entry.path().filename().string());
  }
  ASSERT_EQ(left.size(), 1u) << "one directory, reused";
  EXPECT_EQ(left[0].rfind(".spare-", 0), 0u) << left[0];
  EXPECT_TRUE(fs::is_empty(dir_ + "/jobs/" + left[0]));
}

}  // namespace
}  // namespace armada::localstack
