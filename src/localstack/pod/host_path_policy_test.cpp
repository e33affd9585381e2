#include "localstack/pod/host_path_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;

TEST(HostPathPolicy, AllowsWholeComponentsUnderAPrefixOnly) {
  const std::vector<std::string> allowed = {"/data/", "/srv/in"};
  EXPECT_TRUE(HostPathAllowed("/data", allowed));
  EXPECT_TRUE(HostPathAllowed("/data/x/y", allowed));
  EXPECT_TRUE(HostPathAllowed("/srv/in/", allowed));
  EXPECT_FALSE(HostPathAllowed("/database", allowed));
  EXPECT_FALSE(HostPathAllowed("/srv", allowed));
  EXPECT_FALSE(HostPathAllowed("/data/../etc", allowed));
  EXPECT_FALSE(HostPathAllowed("/data/./x", allowed));
  EXPECT_FALSE(HostPathAllowed("data/x", allowed));
  EXPECT_FALSE(HostPathAllowed("/etc", {}));
}

PodSpec WithHostPath(const std::string& path) {
  PodSpec pod;
  pod.add_containers()->set_name("main");
  auto* volume = pod.add_volumes();
  volume->set_name("host");
  volume->mutable_volumesource()->mutable_hostpath()->set_path(path);
  return pod;
}

TEST(HostPathPolicy, ARefusalNamesTheFieldAndWhatIsAllowed) {
  const Status none =
      CheckHostPaths(WithHostPath("/proc"), {}, "job_request_items[0].pod_specs[0]");
  EXPECT_THAT(none.message(),
              HasSubstr("job_request_items[0].pod_specs[0].volumes[0].hostPath.path: hostPath "
                        "/proc is not allowed: localstack.yaml's allowedHostPaths allows none"));
  const Status other = CheckHostPaths(WithHostPath("/etc"), {"/data"}, "p");
  EXPECT_THAT(other.message(), HasSubstr("allows only paths under /data"));
  const Status dots = CheckHostPaths(WithHostPath("/data/../etc"), {"/data"}, "p");
  EXPECT_THAT(dots.message(), HasSubstr("is not an absolute path without"));
  EXPECT_TRUE(CheckHostPaths(WithHostPath("/data/in"), {"/data"}, "p").ok());
}

}  // namespace
}  // namespace armada::localstack
