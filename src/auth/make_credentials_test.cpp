#include "auth/make_credentials.h"

#include <gtest/gtest.h>

namespace armada::auth {
namespace {

// Every mode set: each step removes the winner, and the next in Go's
// if-chain (pkg/client/connection.go perRpcCredentials) must win.
TEST(MakeCredentialsTest, PrecedenceIsGoClientsIfChain) {
  AuthSettings s;
  s.bearer_token = "t";
  s.basic.username = "u";
  s.kubernetes_native.enabled = true;
  s.open_id.provider_url = "http://pkce";
  s.open_id_device.provider_url = "http://device";
  s.open_id_password.provider_url = "http://password";
  s.open_id_client_credentials.provider_url = "http://cc";
  s.open_id_kubernetes.provider_url = "http://k8s";
  s.exec.cmd = "helper";
  const std::vector<std::string> order = {"bearer token",
                                          "basicAuth",
                                          "kubernetesNativeAuth",
                                          "openIdAuth",
                                          "openIdDeviceAuth",
                                          "openIdPasswordAuth",
                                          "openIdClientCredentialsAuth",
                                          "openIdKubernetesAuth",
                                          "execAuth"};
  for (const std::string& expected : order) {
    EXPECT_EQ(ChosenMode(s), expected);
    if (expected == "bearer token") s.bearer_token.clear();
    if (expected == "basicAuth") s.basic.username.clear();
    if (expected == "kubernetesNativeAuth") s.kubernetes_native.enabled = false;
    if (expected == "openIdAuth") s.open_id.provider_url.clear();
    if (expected == "openIdDeviceAuth") s.open_id_device.provider_url.clear();
    if (expected == "openIdPasswordAuth") s.open_id_password.provider_url.clear();
    if (expected == "openIdClientCredentialsAuth")
      s.open_id_client_credentials.provider_url.clear();
    if (expected == "openIdKubernetesAuth") s.open_id_kubernetes.provider_url.clear();
    if (expected == "execAuth") s.exec.cmd.clear();
  }
  EXPECT_EQ(ChosenMode(s), "");
  EXPECT_EQ(MakeCredentials(s, AuthEnvironment()), nullptr);
}

TEST(MakeCredentialsTest, BasicAuthIsSentAsGosClientSendsIt) {
  AuthSettings s;
  s.basic = {"alice", "pa:ss"};
  s.exec.cmd = "never-run";
  auto credentials = MakeCredentials(s, AuthEnvironment());
  ASSERT_NE(credentials, nullptr);
  EXPECT_EQ(credentials->Mode(), "basicAuth");
  EXPECT_EQ(*credentials->Authorization(), "basic YWxpY2U6cGE6c3M=");
}

}  // namespace
}  // namespace armada::auth
