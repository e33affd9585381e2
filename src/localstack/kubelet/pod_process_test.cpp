#include "localstack/kubelet/pod_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "localstack/kubelet/isolation.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

// Waits for the process to end; -1 when it takes longer than a few seconds.
int WaitForExit(PodProcess& process) {
  for (int i = 0; i < 500; ++i) {
    if (const auto code = process.Poll()) return *code;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

TEST(PodProcess, InheritsOnlyStdinStdoutAndStderr) {
  char dir_pattern[] = "/tmp/pod-process-test-XXXXXX";
  ASSERT_NE(::mkdtemp(dir_pattern), nullptr);
  const std::string dir = dir_pattern;
  // A descriptor the server's threads might hold open at fork time.
  int held[2];
  ASSERT_EQ(::pipe(held), 0);

  ContainerLaunch launch;
  launch.argv = {"ls", "/proc/self/fd"};
  launch.env = {{"PATH", "/usr/bin:/bin"}};
  launch.working_dir = dir;
  launch.log_file = dir + "/log";
  auto process = PodProcess::Start(launch);
  ASSERT_TRUE(process.ok()) << process.status().message();
  EXPECT_EQ(WaitForExit(**process), 0);
  ::close(held[0]);
  ::close(held[1]);

  std::ifstream log(launch.log_file);
  std::stringstream listed;
  listed << log.rdbuf();
  // 3 is the directory ls itself opens to list them.
  EXPECT_EQ(listed.str(), "0\n1\n2\n3\n");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace armada::localstack

namespace armada::localstack {
namespace {

// A launch of `argv` isolated as the executor does it, in a fresh directory.
class IsolatedLaunch {
 public:
  IsolatedLaunch(std::vector<std::string> argv, const std::string& termination_path) {
    char pattern[] = "/tmp/pod-process-test-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    const std::string termination = dir_ + "/termination-log";
    std::ofstream(termination).flush();
    auto plan = IsolationPlan::ForContainer(kJobIdBase, dir_ + "/c", "pod", termination,
                                            termination_path, "", std::nullopt);
    if (!plan.ok()) {
      ADD_FAILURE() << plan.status().message();
      return;
    }
    launch_.argv = std::move(argv);
    launch_.env = {{"PATH", "/usr/bin:/bin"}};
    launch_.log_file = dir_ + "/log";
    launch_.isolation = *plan;
  }
  ~IsolatedLaunch() { fs::remove_all(dir_); }
  const ContainerLaunch& launch() const { return launch_; }

 private:
  std::string dir_;
  ContainerLaunch launch_;
};

#define SKIP_UNLESS_ROOT() \
  if (::geteuid() != 0) GTEST_SKIP() << "isolation needs root"

TEST(PodProcess, AStopDuringSetupStillReachesTheCommand) {
  SKIP_UNLESS_ROOT();
  IsolatedLaunch isolated({"sleep", "600"}, "/dev/termination-log");
  auto process = PodProcess::Start(isolated.launch());
  ASSERT_TRUE(process.ok()) << process.status().message();
  // At once: the init is still building the container's root.
  (*process)->SignalGroup(SIGTERM);
  EXPECT_EQ(WaitForExit(**process), 128 + SIGTERM);
  EXPECT_EQ((*process)->start_error(), "");
}

TEST(PodProcess, AContainerThatCannotBeBuiltIsAStartError) {
  SKIP_UNLESS_ROOT();
  // The termination message path names a directory.
  IsolatedLaunch isolated({"true"}, "/etc");
  auto process = PodProcess::Start(isolated.launch());
  ASSERT_TRUE(process.ok()) << process.status().message();
  EXPECT_EQ(WaitForExit(**process), 128);
  EXPECT_EQ((*process)->start_error(), "creating /etc: Is a directory");
}

}  // namespace
}  // namespace armada::localstack
