#include "localstack/config/nodes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;

LocalstackSettings Settings(const std::string& yaml) {
  auto settings = ParseLocalstackConfig("namespaces: [default]\n" + yaml, "localstack.yaml");
  EXPECT_TRUE(settings.ok()) << settings.status().message();
  return settings.ok() ? *settings : LocalstackSettings();
}

TEST(ClusterNodes, WithoutNodesListedThereIsOneNamedAfterTheCluster) {
  const auto nodes = ClusterNodes(Settings(""), "local-cluster", {2000, 1 << 30});
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].name, "local-cluster-node");
  EXPECT_TRUE(nodes[0].spec.labels().empty());
  EXPECT_TRUE(nodes[0].spec.taints().empty());
  EXPECT_EQ(nodes[0].capacity.milli_cpu, 2000);
}

TEST(ClusterNodes, ListedNodesKeepTheirOrderAndOwnCapacity) {
  const auto nodes = ClusterNodes(Settings(R"(
nodes:
  - name: worker
  - name: ops
    labels: {armadaproject.io/node-pool: node-ops}
    cpu: 500m
    memory: 1Gi
)"),
                                  "local-cluster", {4000, int64_t{8} << 30});
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].name, "worker");
  EXPECT_EQ(nodes[0].capacity.milli_cpu, 4000);
  EXPECT_EQ(nodes[0].capacity.memory_bytes, int64_t{8} << 30);
  EXPECT_EQ(nodes[1].name, "ops");
  EXPECT_EQ(nodes[1].capacity.milli_cpu, 500);
  EXPECT_EQ(nodes[1].capacity.memory_bytes, int64_t{1} << 30);
}

TEST(ClusterNodes, ThePoolTagFindsTheFirstNodeLabelledSo) {
  const auto nodes = ClusterNodes(Settings(R"(
nodes:
  - name: worker
  - name: ops-1
    labels: {armadaproject.io/node-pool: node-ops}
  - name: ops-2
    labels: {armadaproject.io/node-pool: node-ops}
)"),
                                  "c", {});
  auto found = FindNodeByPoolTag(nodes, "node-ops");
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ(*found, "ops-1");
  auto missing = FindNodeByPoolTag(nodes, "gpu");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("armadaproject.io/node-pool=gpu"));
  EXPECT_THAT(missing.status().message(), HasSubstr("worker, ops-1, ops-2"));
}

TEST(ClusterNodes, TheShippedConfigMirrorsArmadasKindCluster) {
  auto settings = LoadLocalstackConfig(ARMADA_TS_SOURCE_DIR "/e2e-config/localstack.yaml");
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  const auto nodes = ClusterNodes(*settings, "local-cluster", {});
  auto ops = FindNodeByPoolTag(nodes, "node-ops");
  ASSERT_TRUE(ops.ok()) << ops.status().message();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_NE(nodes[0].name, *ops) << "ordinary jobs go to the first node, not node-ops";
  EXPECT_EQ(nodes[1].name, *ops);
}

}  // namespace
}  // namespace armada::localstack
