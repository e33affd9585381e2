#include "localstack/pod_process.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

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
