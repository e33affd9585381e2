#include "cli/host_environment.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "http/testing/fake_http_server.h"

namespace armada::cli {
namespace {

// A worker and a node-ops node, as e2e-config/localstack.yaml has them.
std::vector<localstack::ClusterNode> LocalNodes() {
  localstack::ClusterNode worker{"worker", {}, {}};
  localstack::ClusterNode ops{"ops", {}, {}};
  (*ops.spec.mutable_labels())["armadaproject.io/node-pool"] = "node-ops";
  return {worker, ops};
}

// A fresh temporary directory.
std::string TempDir() {
  char tmpl[] = "/tmp/test-environment-XXXXXX";
  return mkdtemp(tmpl);
}

TEST(LocalNodes, ThePoolTagNamesTheLabelledNodeOfArmadaLocalstack) {
  runner::TestEnvironment local = MakeTestEnvironment(true, LocalNodes());
  ASSERT_TRUE(local.find_node);
  StatusOr<std::string> ops = local.find_node("node-ops");
  ASSERT_TRUE(ops.ok()) << ops.status().message();
  EXPECT_EQ(*ops, "ops");
  StatusOr<std::string> gpu = local.find_node("gpu");
  ASSERT_FALSE(gpu.ok());
  EXPECT_NE(gpu.status().message().find("armadaproject.io/node-pool=gpu"), std::string::npos);
}

TEST(LocalNodes, ComeFromTheSettingsFileTheServerIsToldToRead) {
  const std::string dir = TempDir();
  std::ofstream(dir + "/executor.yaml") << "application: {clusterId: c}\n";
  std::ofstream(dir + "/localstack.yaml")
      << "namespaces: [default]\nnodes: [{name: beside, labels: {armadaproject.io/node-pool: "
         "node-ops}}]\n";
  std::ofstream(dir + "/other.yaml")
      << "namespaces: [default]\nnodes: [{name: other, labels: {armadaproject.io/node-pool: "
         "node-ops}}]\n";
  std::ofstream(dir + "/bad.yaml") << "namespaces: [default]\nnodes: [{}]\n";

  // Beside the executor config, and the server gets told so.
  std::vector<std::string> args = {"--fault-event-delay=5"};
  auto beside = LocalstackNodes(dir + "/executor.yaml", "c", &args);
  ASSERT_TRUE(beside.ok()) << beside.status().message();
  ASSERT_EQ(beside->size(), 1u);
  EXPECT_EQ(beside->at(0).name, "beside");
  EXPECT_EQ(args, (std::vector<std::string>{"--fault-event-delay=5",
                                            "--localstack-config=" + dir + "/localstack.yaml"}));

  // The user's --localstack-config, in either spelling, wins and is kept.
  for (std::vector<std::string> given :
       {std::vector<std::string>{"--localstack-config=" + dir + "/other.yaml"},
        std::vector<std::string>{"--localstack-config", dir + "/other.yaml"}}) {
    std::vector<std::string> kept = given;
    auto other = LocalstackNodes(dir + "/executor.yaml", "c", &kept);
    ASSERT_TRUE(other.ok()) << other.status().message();
    EXPECT_EQ(other->at(0).name, "other");
    EXPECT_EQ(kept, given);
  }

  std::vector<std::string> bad_args = {"--localstack-config=" + dir + "/bad.yaml"};
  auto bad = LocalstackNodes(dir + "/executor.yaml", "c", &bad_args);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.yaml:2:"), std::string::npos)
      << bad.status().message();
  std::filesystem::remove_all(dir);
}

// Sets environment variables for one test and restores them after.
class EnvTest : public ::testing::Test {
 protected:
  void Set(const char* name, const char* value) {
    const char* old = std::getenv(name);
    saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  void TearDown() override {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) {
        setenv(it->first.c_str(), it->second->c_str(), 1);
      } else {
        unsetenv(it->first.c_str());
      }
    }
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST_F(EnvTest, LocalUsesLoopbackAndTheEventsPortUnlessTheUserSetThem) {
  Set("ARMADA_EXECUTOR_INGRESS_URL", nullptr);
  Set("ARMADA_EXECUTOR_INGRESS_PORT", nullptr);
  runner::TestEnvironment local = MakeTestEnvironment(true, LocalNodes());
  EXPECT_EQ(local.ingress.url, "");
  EXPECT_TRUE(local.ingress.port_from_event);

  Set("ARMADA_EXECUTOR_INGRESS_URL", "http://ingress.example");
  Set("ARMADA_EXECUTOR_INGRESS_PORT", "8080");
  runner::TestEnvironment user = MakeTestEnvironment(true, LocalNodes());
  EXPECT_EQ(user.ingress.url, "http://ingress.example");
  EXPECT_EQ(user.ingress.port, "8080");
  EXPECT_FALSE(user.ingress.port_from_event);
}

TEST_F(EnvTest, RemoteFindsTheNodeThroughKubeconfig) {
  http::testing::FakeHttpServer api([](const http::testing::ReceivedRequest&) {
    return http::testing::Reply{
        200, R"({"kind":"NodeList","items":[{"metadata":{"name":"armada-worker"}}]})"};
  });
  char tmpl[] = "/tmp/test_environment_test.XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  std::ofstream(dir + "/config") << "current-context: kind\n"
                                 << "contexts: [{name: kind, context: {cluster: c, user: u}}]\n"
                                 << "clusters: [{name: c, cluster: {server: '" << api.url()
                                 << "'}}]\n"
                                 << "users: [{name: u, user: {token: t}}]\n";
  Set("KUBECONFIG", (dir + "/config").c_str());
  Set("ARMADA_EXECUTOR_INGRESS_URL", nullptr);
  Set("ARMADA_EXECUTOR_INGRESS_PORT", nullptr);
  runner::TestEnvironment remote = MakeTestEnvironment(false, {});
  EXPECT_EQ(remote.ingress.url, "");
  EXPECT_EQ(remote.ingress.port, "80");
  ASSERT_TRUE(remote.find_node);
  StatusOr<std::string> node = remote.find_node("node-ops");
  ASSERT_TRUE(node.ok()) << node.status().message();
  EXPECT_EQ(*node, "armada-worker");
  EXPECT_EQ(api.Requests().at(0).target,
            "/api/v1/nodes?labelSelector=armadaproject.io%2Fnode-pool%3Dnode-ops");

  Set("KUBECONFIG", (dir + "/missing").c_str());
  StatusOr<std::string> none = remote.find_node("node-ops");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("no kubeconfig found"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace armada::cli
