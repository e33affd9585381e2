// kubeconfig exec credential plugins (scripts in src/kube/testdata/) against
// an in-process fake Kubernetes API: tokens (v1), client certificates
// (v1beta1), caching until expiry, a re-run after 401, and errors.
#include "kube/exec_plugin.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "http/testing/fake_http_server.h"
#include "kube/api_get.h"
#include "kube/kubeconfig.h"

namespace armada::kube {
namespace {

using http::testing::FakeHttpServer;
using http::testing::ReceivedRequest;
using http::testing::Reply;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kScript =
    std::string(ARMADA_TS_SOURCE_DIR) + "/src/kube/testdata/exec-credential.sh";

class ExecPluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/exec_plugin_test.XXXXXX";
    dir_ = mkdtemp(tmpl);
    log_ = dir_ + "/plugin.log";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Kubeconfig(const std::string& server, const std::string& exec) {
    const std::string path = dir_ + "/config";
    std::ofstream(path) << "current-context: c\n"
                           "contexts: [{name: c, context: {cluster: k, user: u}}]\n"
                           "clusters: [{name: k, cluster: {server: \""
                        << server << "\"}}]\nusers:\n- name: u\n  user:\n    exec:\n"
                        << exec;
    return path;
  }
  int Runs() const {
    std::ifstream in(log_);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) ++n;
    return n;
  }
  std::string dir_, log_;
};

TEST_F(ExecPluginTest, AV1PluginsTokenIsSentAndKeptUntilItExpires) {
  FakeHttpServer api([](const ReceivedRequest& r) {
    const auto it = r.headers.find("authorization");
    if (it == r.headers.end() || it->second != "Bearer plugin-token-1") return Reply{401, "{}"};
    return Reply{200, R"({"items":[]})"};
  });
  auto access =
      LoadClusterAccess({Kubeconfig(api.url(),
                                    "      apiVersion: client.authentication.k8s.io/v1\n"
                                    "      command: " +
                                        kScript +
                                        "\n"
                                        "      args: [client.authentication.k8s.io/v1]\n"
                                        "      interactiveMode: Never\n"
                                        "      provideClusterInfo: true\n"
                                        "      env:\n"
                                        "      - {name: PLUGIN_TOKEN, value: plugin-token-1}\n"
                                        "      - {name: PLUGIN_LOG, value: " +
                                        log_ + "}\n")});
  ASSERT_TRUE(access.ok()) << access.status().message();
  for (int i = 0; i < 2; ++i) {
    auto response = ApiGet(*access, "/api/v1/nodes", "application/json", std::chrono::seconds(5));
    ASSERT_TRUE(response.ok()) << response.status().message();
    EXPECT_EQ(response->status, 200);
  }
  EXPECT_EQ(Runs(), 1);  // kept: it expires in 2099
  std::ifstream in(log_);
  std::string line;
  std::getline(in, line);
  const auto info = nlohmann::json::parse(line.substr(4));
  EXPECT_EQ(info["kind"], "ExecCredential");
  EXPECT_EQ(info["apiVersion"], "client.authentication.k8s.io/v1");
  EXPECT_EQ(info["spec"]["interactive"], false);
  EXPECT_EQ(info["spec"]["cluster"]["server"], api.url());
}

TEST_F(ExecPluginTest, AnExpiredTokenOrA401RunsThePluginAgain) {
  int calls = 0;
  FakeHttpServer api([&](const ReceivedRequest&) {
    return Reply{++calls == 1 ? 401 : 200, R"({"items":[]})"};
  });
  const std::string exec =
      "      apiVersion: client.authentication.k8s.io/v1beta1\n"
      "      command: " +
      kScript +
      "\n"
      "      args: [client.authentication.k8s.io/v1beta1]\n"
      "      env:\n"
      "      - {name: PLUGIN_TOKEN, value: t}\n"
      "      - {name: PLUGIN_EXPIRY, value: \"2000-01-01T00:00:00Z\"}\n"
      "      - {name: PLUGIN_LOG, value: " +
      log_ + "}\n";
  auto access = LoadClusterAccess({Kubeconfig(api.url(), exec)});
  ASSERT_TRUE(access.ok()) << access.status().message();
  auto response = ApiGet(*access, "/api/v1/nodes", "application/json", std::chrono::seconds(5));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(Runs(), 2);  // refused once, run again
  ApiGet(*access, "/api/v1/nodes", "application/json", std::chrono::seconds(5));
  EXPECT_EQ(Runs(), 3);  // expired in 2000: run for every request
}

TEST_F(ExecPluginTest, AV1beta1PluginsClientCertificateIsPresented) {
  const auto certs = http::testing::MakeTestCertificates(dir_);
  FakeHttpServer api(
      [](const ReceivedRequest& r) {
        return Reply{200, "{\"subject\":\"" + r.client_subject + "\"}"};
      },
      http::testing::ServerTls{certs.server_cert, certs.server_key, certs.ca_cert});
  const std::string ca_line = "certificate-authority: " + certs.ca_cert;
  const std::string path = dir_ + "/config";
  std::ofstream(path) << "current-context: c\n"
                         "contexts: [{name: c, context: {cluster: k, user: u}}]\n"
                         "clusters: [{name: k, cluster: {server: \""
                      << api.url() << "\", " << ca_line
                      << "}}]\nusers:\n- name: u\n  user:\n    exec:\n"
                         "      apiVersion: client.authentication.k8s.io/v1beta1\n"
                         "      command: "
                      << kScript
                      << "\n"
                         "      args: [client.authentication.k8s.io/v1beta1, cert, "
                      << certs.client_cert << ", " << certs.client_key
                      << "]\n"
                         "      env: [{name: PLUGIN_LOG, value: "
                      << log_ << "}]\n";
  auto access = LoadClusterAccess({path});
  ASSERT_TRUE(access.ok()) << access.status().message();
  auto response = ApiGet(*access, "/api/v1/nodes", "application/json", std::chrono::seconds(5));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_THAT(response->body, HasSubstr("CN=tester"));
}

TEST_F(ExecPluginTest, ErrorsNameThePluginAndNeverItsOutput) {
  auto mismatch = ParseExecCredential(
      R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"leak-me"}})",
      "client.authentication.k8s.io/v1", "the exec plugin p");
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().message(),
            "the exec plugin p printed apiVersion \"client.authentication.k8s.io/v1beta1\", not "
            "client.authentication.k8s.io/v1 as its kubeconfig entry says");
  auto garbage = ParseExecCredential("token leak-me", "client.authentication.k8s.io/v1", "p");
  ASSERT_FALSE(garbage.ok());
  EXPECT_THAT(garbage.status().message(), Not(HasSubstr("leak-me")));

  auto missing =
      LoadClusterAccess({Kubeconfig("https://x",
                                    "      apiVersion: client.authentication.k8s.io/v1beta1\n"
                                    "      command: no-such-plugin-xyz\n"
                                    "      installHint: install xyz from your cloud\n")});
  ASSERT_TRUE(missing.ok()) << missing.status().message();
  auto response = ApiGet(*missing, "/api/v1/nodes", "application/json", std::chrono::seconds(5));
  ASSERT_FALSE(response.ok());
  EXPECT_THAT(response.status().message(), HasSubstr("no-such-plugin-xyz: cannot start"));
  EXPECT_THAT(response.status().message(), HasSubstr("install xyz from your cloud"));

  auto no_mode = LoadClusterAccess({Kubeconfig("https://x",
                                               "      apiVersion: client.authentication.k8s.io/v1\n"
                                               "      command: p\n")});
  ASSERT_FALSE(no_mode.ok());
  EXPECT_THAT(no_mode.status().message(), HasSubstr("interactiveMode is required"));
  auto alpha =
      LoadClusterAccess({Kubeconfig("https://x",
                                    "      apiVersion: client.authentication.k8s.io/v1alpha1\n"
                                    "      command: p\n")});
  ASSERT_FALSE(alpha.ok());
  EXPECT_THAT(alpha.status().message(), HasSubstr("users[u].user.exec.apiVersion"));
}

TEST_F(ExecPluginTest, ARelativeCommandWithASlashIsRelativeToTheKubeconfig) {
  std::filesystem::copy_file(kScript, dir_ + "/plugin.sh");
  FakeHttpServer api([](const ReceivedRequest&) { return Reply{200, "{}"}; });
  auto access = LoadClusterAccess(
      {Kubeconfig(api.url(),
                  "      apiVersion: client.authentication.k8s.io/v1beta1\n"
                  "      command: ./plugin.sh\n"
                  "      args: [client.authentication.k8s.io/v1beta1]\n"
                  "      env: [{name: PLUGIN_TOKEN, value: rel}, {name: PLUGIN_LOG, value: " +
                      log_ + "}]\n")});
  ASSERT_TRUE(access.ok()) << access.status().message();
  auto response = ApiGet(*access, "/api/v1/nodes", "application/json", std::chrono::seconds(5));
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(api.Requests().at(0).headers.at("authorization"), "Bearer rel");
}

}  // namespace
}  // namespace armada::kube
