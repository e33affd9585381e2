#include "auth/kubernetes_modes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "http/testing/fake_http_server.h"

namespace armada::auth {
namespace {

using http::testing::FakeHttpServer;
using http::testing::ReceivedRequest;
using http::testing::Reply;
using ::testing::HasSubstr;
using ::testing::Not;

// A stand-in for the service-account mount of a pod.
class ServiceAccountDir {
 public:
  ServiceAccountDir() {
    dir_ = (std::filesystem::temp_directory_path() / "sa-XXXXXX").string();
    mkdtemp(dir_.data());
  }
  ~ServiceAccountDir() { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ + "/" + name) << text;
  }
  const std::string& path() const { return dir_; }

 private:
  std::string dir_;
};

std::map<std::string, std::string> ParseForm(const std::string& body) {
  std::map<std::string, std::string> form;
  std::stringstream in(body);
  std::string pair;
  while (std::getline(in, pair, '&')) {
    const size_t eq = pair.find('=');
    form[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return form;
}

TEST(OpenIdKubernetesAuthTest, PostsTheServiceAccountTokenToConnectTokenAndSendsTheAccessToken) {
  ServiceAccountDir sa;
  sa.Write("token", "sa-token-from-file\n");
  FakeHttpServer provider([](const ReceivedRequest&) {
    return Reply{200, R"({"access_token":"at-1","token_type":"Bearer","expires_in":3600})"};
  });
  OpenIdKubernetesAuth settings{provider.url(), "armada-client", {"openid", "groups"}};
  unsetenv("K8S_SERVICEACCOUNT_TOKEN");
  auto credentials = OpenIdKubernetesCredentials(settings, sa.path());
  auto header = credentials->Authorization();
  ASSERT_TRUE(header.ok()) << header.status().message();
  EXPECT_EQ(*header, "Bearer at-1");
  EXPECT_EQ(*credentials->Authorization(), "Bearer at-1");  // kept until it expires

  const auto requests = provider.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/connect/token");
  const auto form = ParseForm(requests[0].body);
  EXPECT_EQ(form.at("grant_type"), "kubernetes");
  EXPECT_EQ(form.at("client_id"), "armada-client");
  EXPECT_EQ(form.at("scope"), "openid%20groups");
  EXPECT_EQ(form.at("client_assertion"), "sa-token-from-file");
}

TEST(OpenIdKubernetesAuthTest, TheEnvironmentsTokenWinsAndARefusalHidesIt) {
  ServiceAccountDir sa;
  FakeHttpServer provider([](const ReceivedRequest&) {
    return Reply{400, R"({"error":"invalid_grant","error_description":"token rejected"})"};
  });
  setenv("K8S_SERVICEACCOUNT_TOKEN", "sa-token-from-env", 1);
  auto header = OpenIdKubernetesCredentials({provider.url(), "c", {}}, sa.path())->Authorization();
  unsetenv("K8S_SERVICEACCOUNT_TOKEN");
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.status().message(),
            "openIdKubernetesAuth: the token endpoint " + provider.url() +
                "/connect/token refused: invalid_grant (token rejected)");
  EXPECT_EQ(ParseForm(provider.Requests().at(0).body).at("client_assertion"), "sa-token-from-env");
}

TEST(OpenIdKubernetesAuthTest, OutsideAPodTheErrorSaysSo) {
  ServiceAccountDir sa;  // no token file
  unsetenv("K8S_SERVICEACCOUNT_TOKEN");
  auto header =
      OpenIdKubernetesCredentials({"http://127.0.0.1:1", "c", {}}, sa.path())->Authorization();
  ASSERT_FALSE(header.ok());
  EXPECT_THAT(header.status().message(), HasSubstr("works only inside one"));
}

TEST(KubernetesNativeAuthTest, AsksTheTokenRequestApiInClusterAndSendsKubernetesAuth) {
  ServiceAccountDir sa;
  const auto certs = http::testing::MakeTestCertificates(sa.path());
  sa.Write("token", "pod-sa-token");
  const std::string ca = http::testing::ReadAll(certs.ca_cert);
  sa.Write("ca.crt", ca);
  FakeHttpServer api(
      [](const ReceivedRequest&) {
        return Reply{201, R"({"kind":"TokenRequest","status":{"token":"requested-token",
                           "expirationTimestamp":"2099-01-01T00:00:00Z"}})"};
      },
      http::testing::ServerTls{certs.server_cert, certs.server_key, ""});
  setenv("KUBERNETES_SERVICE_HOST", "127.0.0.1", 1);
  setenv("KUBERNETES_SERVICE_PORT", std::to_string(api.port()).c_str(), 1);
  setenv("SERVICE_ACCOUNT", "armada-runner", 1);
  setenv("POD_NAMESPACE", "ci", 1);
  KubernetesNativeAuth settings{true, 3600};
  auto credentials = KubernetesNativeCredentials(settings, sa.path());
  auto header = credentials->Authorization();
  auto again = credentials->Authorization();
  for (const char* name :
       {"KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "SERVICE_ACCOUNT", "POD_NAMESPACE"}) {
    unsetenv(name);
  }
  ASSERT_TRUE(header.ok()) << header.status().message();
  EXPECT_EQ(*again, *header);
  const std::string prefix = "KubernetesAuth ";
  ASSERT_EQ(header->rfind(prefix, 0), 0u);
  auto decoded = Base64Decode(header->substr(prefix.size()), "header");
  ASSERT_TRUE(decoded.ok());
  const auto body = nlohmann::json::parse(*decoded);
  EXPECT_EQ(body["token"], "requested-token");
  EXPECT_EQ(*Base64Decode(body["ca"].get<std::string>(), "ca"), ca);

  const auto requests = api.Requests();
  ASSERT_EQ(requests.size(), 1u);  // the token is kept until it expires
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/api/v1/namespaces/ci/serviceaccounts/armada-runner/token");
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer pod-sa-token");
  EXPECT_EQ(nlohmann::json::parse(requests[0].body)["spec"]["expirationSeconds"], 3600);
}

TEST(KubernetesNativeAuthTest, OutsideAPodTheErrorNamesTheMissingVariables) {
  ServiceAccountDir sa;
  unsetenv("KUBERNETES_SERVICE_HOST");
  auto header = KubernetesNativeCredentials({true, 600}, sa.path())->Authorization();
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.status().message(),
            "kubernetesNativeAuth: not in a Kubernetes pod: KUBERNETES_SERVICE_HOST and "
            "KUBERNETES_SERVICE_PORT are not both set");
}

}  // namespace
}  // namespace armada::auth
