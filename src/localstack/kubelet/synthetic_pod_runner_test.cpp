// What --executor synthetic makes of a pod: outcomes read from the spec, in
// the Executor's words (the control plane classifies both alike).
#include "localstack/kubelet/synthetic_pod_runner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace armada::localstack {
namespace {

ContainerSpec Container(std::vector<std::string> command, std::vector<std::string> args = {}) {
  ContainerSpec c;
  c.set_name("main");
  for (auto& part : command) c.add_command(part);
  for (auto& arg : args) c.add_args(arg);
  return c;
}

int ExitCode(std::vector<std::string> command, std::vector<std::string> args = {}) {
  double sleep_seconds = 0;
  return SyntheticExitCode(Container(std::move(command), std::move(args)), &sleep_seconds);
}

TEST(SyntheticExitCodeTest, ReadsTheCommand) {
  EXPECT_EQ(ExitCode({"true"}), 0);
  EXPECT_EQ(ExitCode({"/bin/false"}), 1);
  EXPECT_EQ(ExitCode({"sh", "-c"}, {"exit 3"}), 3);
  EXPECT_EQ(ExitCode({"sh", "-c", "echo hi; exit 127"}), 127);
  EXPECT_EQ(ExitCode({"sh", "-c", "false"}), 1);
  EXPECT_EQ(ExitCode({"echo", "hi"}), 0);
  EXPECT_EQ(ExitCode({}), 0);
  double sleep_seconds = 0;
  EXPECT_EQ(SyntheticExitCode(Container({"sleep"}, {"2.5"}), &sleep_seconds), 0);
  EXPECT_DOUBLE_EQ(sleep_seconds, 2.5);
}

class SyntheticPodRunnerTest : public ::testing::Test {
 protected:
  PodResult Run(const PodSpec& spec, bool* ran = nullptr) {
    bool running = false;
    PodResult result =
        runner_.Run(pod_, spec, control_, [&](const std::string&) { running = true; });
    if (ran != nullptr) *ran = running;
    return result;
  }
  static PodSpec Pod(ContainerSpec c) {
    PodSpec spec;
    *spec.add_containers() = std::move(c);
    return spec;
  }

  SyntheticPodRunner runner_;
  PodIdentity pod_{"job-1", "", "armada-job-1-0", "default", "node", "", {}, {}};
  PodControl control_;
};

TEST_F(SyntheticPodRunnerTest, TrueSucceeds) {
  bool ran = false;
  const PodResult result = Run(Pod(Container({"true"})), &ran);
  EXPECT_TRUE(ran);
  EXPECT_TRUE(result.succeeded);
  ASSERT_EQ(result.outcome.containers.size(), 1u);
  EXPECT_EQ(result.outcome.containers[0].reason, "Completed");
  EXPECT_FALSE(runner_.unenforced().empty());
}

TEST_F(SyntheticPodRunnerTest, ExitCodeFailsAsAnError) {
  const PodResult result = Run(Pod(Container({"sh", "-c", "exit 3"})));
  EXPECT_FALSE(result.succeeded);
  ASSERT_EQ(result.outcome.containers.size(), 1u);
  EXPECT_EQ(result.outcome.containers[0].exit_code, 3);
  EXPECT_EQ(result.outcome.containers[0].reason, "Error");
}

TEST_F(SyntheticPodRunnerTest, AnnotationMakesAnOomKill) {
  pod_.annotations[kSyntheticReasonAnnotation] = "OOMKilled";
  const PodResult result = Run(Pod(Container({"true"})));
  EXPECT_FALSE(result.succeeded);
  ASSERT_EQ(result.outcome.containers.size(), 1u);
  EXPECT_EQ(result.outcome.containers[0].exit_code, 137);
  EXPECT_EQ(result.outcome.containers[0].reason, "OOMKilled");
}

TEST_F(SyntheticPodRunnerTest, FailingInitContainerStopsThePod) {
  PodSpec spec = Pod(Container({"true"}));
  *spec.add_initcontainers() = Container({"false"});
  bool ran = true;
  const PodResult result = Run(spec, &ran);
  EXPECT_FALSE(ran);
  EXPECT_FALSE(result.succeeded);
  ASSERT_EQ(result.outcome.containers.size(), 1u);
  EXPECT_TRUE(result.outcome.containers[0].is_init);
}

TEST_F(SyntheticPodRunnerTest, StopBeforeStartRunsNothing) {
  control_.Stop();
  bool ran = true;
  const PodResult result = Run(Pod(Container({"true"})), &ran);
  EXPECT_FALSE(ran);
  EXPECT_TRUE(result.stopped);
  EXPECT_TRUE(result.outcome.containers.empty());
}

TEST_F(SyntheticPodRunnerTest, SleepEndsAtTheDeadline) {
  PodSpec spec = Pod(Container({"sleep", "100"}));
  spec.set_activedeadlineseconds(0);
  const PodResult result = Run(spec);
  EXPECT_FALSE(result.succeeded);
  EXPECT_EQ(result.outcome.pod_reason, kDeadlineExceededReason);
}

TEST_F(SyntheticPodRunnerTest, SleepEndsOnStop) {
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    control_.Stop();
  });
  const PodResult result = Run(Pod(Container({"sleep", "100"})));
  stopper.join();
  EXPECT_TRUE(result.stopped);
  ASSERT_EQ(result.outcome.containers.size(), 1u);
  EXPECT_EQ(result.outcome.containers[0].exit_code, 143);
}

}  // namespace
}  // namespace armada::localstack
