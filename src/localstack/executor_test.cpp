#include "localstack/executor.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

TEST(Executor, StoppedBeforeStartRunsNothing) {
  char pattern[] = "/tmp/executor-test-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const std::string dir = pattern;
  const CgroupTree no_cgroups;
  const Executor executor(dir, no_cgroups, /*mount_namespaces=*/false);
  PodSpec spec;
  auto* init = spec.add_initcontainers();
  init->set_name("setup");
  init->add_command("true");
  auto* main = spec.add_containers();
  main->set_name("main");
  main->add_command("true");
  PodIdentity pod;
  pod.job_id = "job";
  pod.name = "armada-job-0";
  PodControl control;
  control.Stop();  // a cancel that came while the job was leased

  bool announced = false;
  const PodResult result = executor.Run(pod, spec, control, [&] { announced = true; });
  EXPECT_TRUE(result.stopped);
  EXPECT_FALSE(result.succeeded);
  EXPECT_TRUE(result.outcome.containers.empty()) << "a container was started after the stop";
  EXPECT_FALSE(announced);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace armada::localstack
