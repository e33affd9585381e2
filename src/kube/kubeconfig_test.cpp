#include "kube/kubeconfig.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace armada::kube {
namespace {

class KubeconfigTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  static std::string B64(const std::string& s) {
    std::string out(4 * ((s.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(s.data()), s.size());
    out.resize(n);
    return out;
  }
  std::string dir_ = [] {
    char tmpl[] = "/tmp/kubeconfig_test.XXXXXX";
    return std::string(mkdtemp(tmpl));
  }();
};

TEST_F(KubeconfigTest, PathsFromKubeconfigElseHome) {
  EXPECT_EQ(KubeconfigPaths("/a:/b", "/home/u"), (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(KubeconfigPaths(nullptr, "/home/u"),
            (std::vector<std::string>{"/home/u/.kube/config"}));
  EXPECT_EQ(KubeconfigPaths("", "/home/u"), (std::vector<std::string>{"/home/u/.kube/config"}));
  EXPECT_TRUE(KubeconfigPaths(nullptr, nullptr).empty());
  EXPECT_FALSE(LoadClusterAccess({}).ok());
}

TEST_F(KubeconfigTest, CurrentContextWithDataFieldsAndRelativeFiles) {
  Write("ca.pem", "CA-PEM");
  Write("token", "secret-token\n");
  std::string path = Write("config", R"(
apiVersion: v1
kind: Config
current-context: kind-armada
contexts:
- name: other
  context: {cluster: c2, user: u2}
- name: kind-armada
  context:
    cluster: kind
    user: kind-user
clusters:
- name: kind
  cluster:
    server: https://127.0.0.1:6443/
    certificate-authority: ca.pem
- name: c2
  cluster: {server: https://elsewhere}
users:
- name: kind-user
  user:
    client-certificate-data: )" + B64("CERT-PEM") +
                                         R"(
    client-key-data: )" + B64("KEY-PEM!") +
                                         R"(
    tokenFile: token
)");
  StatusOr<ClusterAccess> access = LoadClusterAccess({path});
  ASSERT_TRUE(access.ok()) << access.status().message();
  EXPECT_EQ(access->context, "kind-armada");
  EXPECT_EQ(access->server, "https://127.0.0.1:6443");
  EXPECT_EQ(access->tls.ca_pem, "CA-PEM");
  EXPECT_EQ(access->tls.client_cert_pem, "CERT-PEM");
  EXPECT_EQ(access->tls.client_key_pem, "KEY-PEM!");
  EXPECT_TRUE(access->tls.verify);
  EXPECT_EQ(access->token, "secret-token");
}

TEST_F(KubeconfigTest, FilesMergeFirstDefinitionWins) {
  std::string a = Write("a", R"(
current-context: one
clusters:
- name: c
  cluster: {server: "http://first", insecure-skip-tls-verify: true}
)");
  std::string b = Write("b", R"(
current-context: two
contexts:
- name: one
  context: {cluster: c, user: u}
clusters:
- name: c
  cluster: {server: "http://second"}
users:
- name: u
  user: {token: abc}
)");
  StatusOr<ClusterAccess> access = LoadClusterAccess({dir_ + "/missing", a, b});
  ASSERT_TRUE(access.ok()) << access.status().message();
  EXPECT_EQ(access->context, "one");
  EXPECT_EQ(access->server, "http://first");
  EXPECT_FALSE(access->tls.verify);
  EXPECT_EQ(access->token, "abc");
}

TEST_F(KubeconfigTest, AuthProviderPluginsAreRefusedNamingWhatToUse) {
  std::string path = Write("config", R"(
current-context: gke
contexts: [{name: gke, context: {cluster: c, user: u}}]
clusters: [{name: c, cluster: {server: "https://x"}}]
users:
- name: u
  user:
    auth-provider: {name: gcp}
)");
  StatusOr<ClusterAccess> access = LoadClusterAccess({path});
  ASSERT_FALSE(access.ok());
  const std::string& m = access.status().message();
  EXPECT_NE(m.find(path + ": users[u].user.auth-provider"), std::string::npos) << m;
  EXPECT_NE(m.find("use an exec plugin"), std::string::npos) << m;
}

TEST_F(KubeconfigTest, BasicAuthAndAnAliasBombIsRefusedBounded) {
  std::string basic = Write("config", R"(
current-context: b
contexts: [{name: b, context: {cluster: c, user: u}}]
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {username: admin, password: pw}}]
)");
  StatusOr<ClusterAccess> access = LoadClusterAccess({basic});
  ASSERT_TRUE(access.ok()) << access.status().message();
  EXPECT_EQ(access->basic_username, "admin");
  EXPECT_EQ(access->basic_password, "pw");

  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c) {
    const std::string previous = "*" + std::string(1, static_cast<char>(c - 1));
    std::string items = previous;
    for (int i = 1; i < 10; ++i) items += ", " + previous;
    bomb += std::string(1, c) + ": &" + std::string(1, c) + " [" + items + "]\n";
  }
  StatusOr<ClusterAccess> refused = LoadClusterAccess({Write("bomb", bomb)});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("/bomb:"), std::string::npos)
      << refused.status().message();
}

TEST_F(KubeconfigTest, ErrorsNameTheMissingPiece) {
  struct Case {
    std::string text, expected;
  } cases[] = {
      {"kind: Config\n", "no current-context"},
      {"current-context: x\n", "current-context x names no entry of contexts"},
      {"current-context: x\ncontexts: [{name: x, context: {cluster: nope}}]\n",
       "names cluster 'nope'"},
      {"current-context: x\ncontexts: [{name: x, context: {cluster: c}}]\n"
       "clusters: [{name: c, cluster: {}}]\n",
       "clusters[c].cluster.server is missing"},
      {"current-context: x\ncontexts: [{name: x, context: {cluster: c}}]\n"
       "clusters: [{name: c, cluster: {server: s, certificate-authority: /nonexistent/ca}}]\n",
       "certificate-authority: /nonexistent/ca: cannot read"},
      {"current-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n"
       "clusters: [{name: c, cluster: {server: s}}]\n"
       "users: [{name: u, user: {client-certificate-data: " +
           B64("C") + "}}]\n",
       "needs its key"},
      {"contexts: [oops\n", "/config:2:"},
  };
  for (const Case& c : cases) {
    std::string path = Write("config", c.text);
    StatusOr<ClusterAccess> access = LoadClusterAccess({path});
    ASSERT_FALSE(access.ok()) << c.text;
    EXPECT_NE(access.status().message().find(c.expected), std::string::npos)
        << c.text << "\n  gave: " << access.status().message();
  }
  StatusOr<ClusterAccess> none = LoadClusterAccess({dir_ + "/none"});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("no kubeconfig found"), std::string::npos);
}

}  // namespace
}  // namespace armada::kube
