// A ContainerGroup's life with real processes but no cgroups or namespaces,
// so these run without root.
#include "localstack/kubelet/container_group.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "localstack/pod/pod_control.h"
#include "localstack/testing/shell_container.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class ContainerGroupTest : public ::testing::Test {
 protected:
  ContainerGroupTest() {
    char pattern[] = "/tmp/container-group-test-XXXXXX";
    dir_ = ::mkdtemp(pattern) == nullptr ? "" : pattern;
    pod_.job_id = "job";
    pod_.name = "armada-job-0";
    host_.pod = &pod_;
    host_.cgroups = &cgroups_;
    host_.job_dir = dir_;
    host_.work_dir = dir_;
  }
  ~ContainerGroupTest() override { fs::remove_all(dir_); }

  // Polls until every container has ended (at most 10 s).
  static bool RunToEnd(ContainerGroup& group) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (!group.Poll()) {
      if (Clock::now() > deadline) return false;
      group.EnforceKill();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  // Waits until `path` exists (a container saying it is ready).
  static bool AppearsSoon(const std::string& path) {
    for (int i = 0; i < 1000 && !fs::exists(path); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return fs::exists(path);
  }

  std::string dir_;
  PodIdentity pod_;
  const CgroupTree cgroups_;
  PodHost host_;
};

TEST_F(ContainerGroupTest, RecordsEachContainersEnd) {
  ContainerGroup group(host_);
  group.Add(testing::ShellContainer("ok", "exit 0"), 0, false);
  group.Add(testing::ShellContainer("bad", "echo to the log; exit 3"), 1, false);
  ContainerSpec fallback = testing::ShellContainer("fallback", "echo last words; exit 4");
  fallback.set_terminationmessagepolicy("FallbackToLogsOnError");
  group.Add(fallback, 2, false);
  ASSERT_TRUE(group.Start());
  ASSERT_TRUE(RunToEnd(group));

  const auto outcomes = group.outcomes();
  ASSERT_TRUE(outcomes);
  ASSERT_EQ(outcomes->size(), 3u);
  EXPECT_EQ((*outcomes)[0].exit_code, 0);
  EXPECT_EQ((*outcomes)[0].reason, "Completed");
  EXPECT_EQ((*outcomes)[1].exit_code, 3);
  EXPECT_EQ((*outcomes)[1].reason, "Error");
  EXPECT_EQ((*outcomes)[1].termination_message, "") << "no fallback asked for";
  EXPECT_EQ((*outcomes)[2].termination_message, "last words\n");
  std::ifstream log(dir_ + "/bad.log");
  std::string line;
  EXPECT_TRUE(std::getline(log, line));
  EXPECT_EQ(line, "to the log");
}

TEST_F(ContainerGroupTest, AContainerThatCannotStartDoesNotStopTheOthers) {
  ContainerGroup group(host_);
  ContainerSpec missing;
  missing.set_name("missing");
  missing.add_command("no-such-command-anywhere");
  group.Add(missing, 0, false);
  group.Add(testing::ShellContainer("fine", "exit 0"), 1, false);
  ASSERT_TRUE(group.Start()) << "one container started";
  ASSERT_TRUE(RunToEnd(group));
  const auto outcomes = group.outcomes();
  ASSERT_TRUE(outcomes);
  EXPECT_EQ((*outcomes)[0].reason, "StartError");
  EXPECT_EQ((*outcomes)[0].exit_code, 128);
  EXPECT_NE((*outcomes)[0].termination_message.find("executable file not found"),
            std::string::npos);
  EXPECT_EQ((*outcomes)[1].reason, "Completed");
}

TEST_F(ContainerGroupTest, NoOutcomesWhileAContainerRuns) {
  ContainerGroup group(host_);
  group.Add(testing::ShellContainer("sleeper", "sleep 30"), 0, false);
  ASSERT_TRUE(group.Start());
  EXPECT_FALSE(group.Poll());
  EXPECT_FALSE(group.outcomes());
  EXPECT_FALSE(group.terminating());
  // Destroying the group kills the sleeper rather than waiting 30 s.
}

TEST_F(ContainerGroupTest, TerminationSendsSigtermFirst) {
  ContainerGroup group(host_);
  group.Add(testing::ShellContainer("sleeper", "sleep 30"), 0, false);
  ASSERT_TRUE(group.Start());
  group.BeginTermination(30);
  EXPECT_TRUE(group.terminating());
  ASSERT_TRUE(RunToEnd(group));
  EXPECT_EQ(group.outcomes()->at(0).exit_code, 128 + SIGTERM);
}

TEST_F(ContainerGroupTest, ZeroGraceKillsAtOnce) {
  ContainerGroup group(host_);
  group.Add(testing::ShellContainer("sleeper", "sleep 30"), 0, false);
  ASSERT_TRUE(group.Start());
  group.BeginTermination(0);
  ASSERT_TRUE(RunToEnd(group));
  EXPECT_EQ(group.outcomes()->at(0).exit_code, 128 + SIGKILL);
}

TEST_F(ContainerGroupTest, ShortenedGraceKillsAContainerThatIgnoresSigterm) {
  ContainerGroup group(host_);
  const std::string ready = dir_ + "/ready";
  group.Add(testing::ShellContainer("stubborn",
                                    "trap '' TERM; touch " + ready + "; while :; do sleep 1; done"),
            0, false);
  ASSERT_TRUE(group.Start());
  ASSERT_TRUE(AppearsSoon(ready));
  group.BeginTermination(30);
  group.EnforceKill();
  EXPECT_FALSE(group.Poll()) << "SIGTERM is ignored and the grace period has not passed";
  group.ShortenGrace(0);
  ASSERT_TRUE(RunToEnd(group));
  EXPECT_EQ(group.outcomes()->at(0).exit_code, 128 + SIGKILL);
}

TEST_F(ContainerGroupTest, WaitWakesWhenAContainerEnds) {
  ContainerGroup group(host_);
  group.Add(testing::ShellContainer("quick", "exit 0"), 0, false);
  ASSERT_TRUE(group.Start());
  const auto start = Clock::now();
  group.Wait(/*wake_fd=*/-1, std::chrono::seconds(60));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(30)) << "slept until the timeout";
  EXPECT_TRUE(group.Poll());
}

TEST_F(ContainerGroupTest, WaitWakesOnStop) {
  ContainerGroup group(host_);
  group.Add(testing::ShellContainer("sleeper", "sleep 120"), 0, false);
  ASSERT_TRUE(group.Start());
  PodControl control;
  std::thread stopper([&] { control.Stop(); });
  const auto start = Clock::now();
  group.Wait(control.wake_fd(), std::chrono::seconds(60));
  stopper.join();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(30)) << "slept until the timeout";
  EXPECT_FALSE(group.Poll());
}

}  // namespace
}  // namespace armada::localstack
