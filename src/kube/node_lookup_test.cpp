// The node lookup against an in-process fake Kubernetes API server over
// HTTPS (certificates made by openssl for the test) and over plain HTTP.
#include "kube/node_lookup.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "http/testing/fake_http_server.h"

namespace armada::kube {
namespace {

using http::testing::FakeHttpServer;
using http::testing::ReceivedRequest;
using http::testing::Reply;

// A fake API server's /api/v1/nodes: the nodes whose labels match the
// request's labelSelector (equality only, as the lookup sends).
struct FakeNodes {
  std::vector<std::pair<std::string, std::string>> nodes;  // name, node-pool label

  Reply operator()(const ReceivedRequest& r) const {
    const std::string prefix = "/api/v1/nodes?labelSelector=";
    if (r.target.rfind(prefix, 0) != 0) return Reply{404, R"({"message":"not found"})"};
    const std::string want = "armadaproject.io%2Fnode-pool%3D";
    std::string selector = r.target.substr(prefix.size());
    if (selector.rfind(want, 0) != 0) return Reply{400, R"({"message":"bad selector"})"};
    std::string tag = selector.substr(want.size());
    nlohmann::json list = {
        {"kind", "NodeList"}, {"apiVersion", "v1"}, {"items", nlohmann::json::array()}};
    for (const auto& [name, pool] : nodes) {
      if (pool != tag) continue;
      list["items"].push_back(
          {{"metadata", {{"name", name}, {"labels", {{"armadaproject.io/node-pool", pool}}}}}});
    }
    return Reply{200, list.dump()};
  }
};

class NodeLookupTest : public ::testing::Test {
 protected:
  // One set of certificates for the suite: openssl takes a while.
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/node_lookup_test.XXXXXX";
    certs_ = http::testing::MakeTestCertificates(mkdtemp(tmpl));
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(certs_.dir); }
  // A kubeconfig for server, with the test CA and client certificate.
  std::string Kubeconfig(const std::string& server, const std::string& user_fields) {
    std::string path = certs_.dir + "/config";
    std::ofstream(path) << "current-context: kind-armada\n"
                        << "contexts: [{name: kind-armada, context: {cluster: kind, user: me}}]\n"
                        << "clusters: [{name: kind, cluster: {server: '" << server
                        << "', certificate-authority: ca.crt}}]\n"
                        << "users: [{name: me, user: {" << user_fields << "}}]\n";
    return path;
  }

  static http::testing::TestCertificates certs_;
  const std::chrono::seconds timeout_{10};
};

http::testing::TestCertificates NodeLookupTest::certs_;

TEST_F(NodeLookupTest, HttpsWithClientCertificateFindsTheLabelledNode) {
  FakeNodes nodes{{{"kind-control-plane", ""}, {"armada-worker", "node-ops"}, {"w2", "other"}}};
  FakeHttpServer server(
      nodes, http::testing::ServerTls{certs_.server_cert, certs_.server_key, certs_.ca_cert});
  StatusOr<ClusterAccess> access = LoadClusterAccess(
      {Kubeconfig(server.url(), "client-certificate: client.crt, client-key: client.key")});
  ASSERT_TRUE(access.ok()) << access.status().message();
  std::string warning;
  StatusOr<std::string> name = FindNodeByPoolTag(*access, "node-ops", timeout_, &warning);
  ASSERT_TRUE(name.ok()) << name.status().message();
  EXPECT_EQ(*name, "armada-worker");
  EXPECT_EQ(warning, "");
  std::vector<ReceivedRequest> got = server.Requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].client_subject, "CN=tester");
}

TEST_F(NodeLookupTest, WithoutTheClientCertificateTheServerRefuses) {
  FakeNodes nodes{{{"armada-worker", "node-ops"}}};
  FakeHttpServer server(
      nodes, http::testing::ServerTls{certs_.server_cert, certs_.server_key, certs_.ca_cert});
  StatusOr<ClusterAccess> access = LoadClusterAccess({Kubeconfig(server.url(), "token: t")});
  ASSERT_TRUE(access.ok()) << access.status().message();
  std::string warning;
  StatusOr<std::string> name = FindNodeByPoolTag(*access, "node-ops", timeout_, &warning);
  ASSERT_FALSE(name.ok());
  EXPECT_NE(name.status().message().find("kube context kind-armada"), std::string::npos)
      << name.status().message();
}

TEST_F(NodeLookupTest, SeveralMatchesTakeTheFirstAndWarn) {
  FakeNodes nodes{{{"n1", "pool"}, {"n2", "pool"}, {"n3", "pool"}}};
  FakeHttpServer server(nodes);  // plain HTTP, as a kubeconfig may say
  StatusOr<ClusterAccess> access = LoadClusterAccess({Kubeconfig(server.url(), "token: abc")});
  ASSERT_TRUE(access.ok()) << access.status().message();
  std::string warning = "stale";
  StatusOr<std::string> name = FindNodeByPoolTag(*access, "pool", timeout_, &warning);
  ASSERT_TRUE(name.ok()) << name.status().message();
  EXPECT_EQ(*name, "n1");
  EXPECT_EQ(warning, "3 nodes match label armadaproject.io/node-pool=pool; using n1");
  EXPECT_EQ(server.Requests().at(0).headers["authorization"], "Bearer abc");
}

TEST_F(NodeLookupTest, NoMatchAndHttpErrorsAreErrors) {
  FakeHttpServer server(FakeNodes{{{"n1", "a"}}});
  StatusOr<ClusterAccess> access = LoadClusterAccess({Kubeconfig(server.url(), "")});
  ASSERT_TRUE(access.ok()) << access.status().message();
  std::string warning;
  StatusOr<std::string> none = FindNodeByPoolTag(*access, "b", timeout_, &warning);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "no node found with label armadaproject.io/node-pool=b");

  FakeHttpServer forbidden([](const ReceivedRequest&) {
    return Reply{403,
                 R"({"kind":"Status","message":"nodes is forbidden: User \"x\" cannot list"})"};
  });
  access->server = forbidden.url();
  StatusOr<std::string> refused = FindNodeByPoolTag(*access, "a", timeout_, &warning);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("HTTP 403 Forbidden: nodes is forbidden"),
            std::string::npos)
      << refused.status().message();

  FakeHttpServer garbage([](const ReceivedRequest&) { return Reply{200, "<html>"}; });
  access->server = garbage.url();
  StatusOr<std::string> bad = FindNodeByPoolTag(*access, "a", timeout_, &warning);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("not a Kubernetes NodeList"), std::string::npos);
}

}  // namespace
}  // namespace armada::kube
