#include "runner/client_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace armada::runner {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kContexts[] = R"(
currentContext: main
contexts:
  main:
    armadaUrl: main.armadaproject.io:443
    basicAuth:
      username: alice
      password: secret
  kind:
    armadaUrl: localhost:30002
    forceNoTls: true
  sso:
    armadaUrl: sso.example:443
    execAuth:
      cmd: auth
)";

TEST(ClientConfigTest, CurrentContextIsUsed) {
  auto config = ParseClientConfig(kContexts, "cfg.yaml", "");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->armada_url, "main.armadaproject.io:443");
  EXPECT_FALSE(config->force_no_tls);
  EXPECT_EQ(config->auth.basic.username, "alice");
  EXPECT_EQ(config->auth.basic.password, "secret");
  EXPECT_TRUE(UsesTls(*config));
}

TEST(ClientConfigTest, ContextArgumentOverridesCurrentContext) {
  auto config = ParseClientConfig(kContexts, "cfg.yaml", "kind");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->armada_url, "localhost:30002");
  EXPECT_TRUE(config->force_no_tls);
  EXPECT_TRUE(config->auth.basic.username.empty());
  EXPECT_FALSE(UsesTls(*config));
}

TEST(ClientConfigTest, UnknownContextIsAnError) {
  auto config = ParseClientConfig(kContexts, "cfg.yaml", "nope");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            "cfg.yaml: context nope not found under contexts (the file has: main, kind, sso)");
}

TEST(ClientConfigTest, UnknownKeyIsAWarningWithFileLineAndTheNearestKey) {
  auto config =
      ParseClientConfig("armadaUrll: armada.example:443\nforceNoTls: true\n", "cfg.yaml", "");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->armada_url, "localhost:50051");
  EXPECT_THAT(config->warnings, ElementsAre("cfg.yaml:1: unknown key \"armadaUrll\", ignored "
                                            "(did you mean \"armadaUrl\"?)"));
  auto in_context = ParseClientConfig(
      "currentContext: a\ncontexts:\n  a:\n    armadaUrl: x:1\n    tls: off\n", "cfg.yaml", "");
  ASSERT_TRUE(in_context.ok()) << in_context.status().message();
  EXPECT_THAT(in_context->warnings,
              ElementsAre("cfg.yaml:5: unknown key \"tls\" in contexts.a, ignored"));
}

// yaml-cpp throws "bad conversion" when a map key is read as a string; that
// must come back as an error, not an exception out of this unit.
TEST(ClientConfigTest, NonScalarKeyIsAnErrorNotAnException) {
  for (const char* yaml : {"? [a, b]\n: c\n", "contexts:\n  ? {x: 1}\n  : {}\n",
                           "currentContext: a\ncontexts:\n  a:\n    ? [k]\n    : v\n"}) {
    StatusOr<ClientConfig> config = Status::Error("not run");
    EXPECT_NO_THROW(config = ParseClientConfig(yaml, "cfg.yaml", "a")) << yaml;
    ASSERT_FALSE(config.ok()) << yaml;
    EXPECT_THAT(config.status().message(), HasSubstr("a key must be a string")) << yaml;
  }
}

// Every mode's keys as Armada's Go client names them (v0.22.7
// pkg/client/connection.go, pkg/client/auth/*), matched case-insensitively.
TEST(ClientConfigTest, EveryAuthenticationModesKeysAreRead) {
  constexpr char kAll[] = R"(
currentContext: all
contexts:
  all:
    cacheRefreshToken: true
    kubernetesNativeAuth: {enabled: true, expiry: 3600}
    openIdAuth: {providerUrl: "https://idp/pkce", clientId: pkce-client, localPort: 26354,
                 scopes: [openid, groups]}
    openIdDeviceAuth: {providerUrl: "https://idp/device", clientId: device-client, scopes: [a]}
    openIdPasswordAuth: {providerUrl: "https://idp/pw", clientId: pw-client, scopes: [b],
                         username: alice, password: pw}
    openIdClientCredentialsAuth: {providerUrl: "https://idp/cc", clientId: cc-client,
                                  clientSecret: cc-secret, scopes: [c]}
    openIdKubernetesAuth: {providerUrl: "https://idp/k8s", clientId: k8s-client, scopes: [d]}
    execAuth:
      cmd: get-token
      args: [--audience, armada]
      env: [{name: A, value: "1"}, {name: B, value: two}]
      interactive: true
)";
  auto config = ParseClientConfig(kAll, "cfg.yaml", "");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_TRUE(config->warnings.empty());
  const auth::AuthSettings& a = config->auth;
  EXPECT_TRUE(a.cache_refresh_token);
  EXPECT_TRUE(a.kubernetes_native.enabled);
  EXPECT_EQ(a.kubernetes_native.expiry, 3600);
  EXPECT_EQ(a.open_id.provider_url, "https://idp/pkce");
  EXPECT_EQ(a.open_id.client_id, "pkce-client");
  EXPECT_EQ(a.open_id.local_port, 26354);
  EXPECT_THAT(a.open_id.scopes, ElementsAre("openid", "groups"));
  EXPECT_EQ(a.open_id_device.client_id, "device-client");
  EXPECT_EQ(a.open_id_password.username, "alice");
  EXPECT_EQ(a.open_id_password.password, "pw");
  EXPECT_EQ(a.open_id_client_credentials.client_secret, "cc-secret");
  EXPECT_THAT(a.open_id_client_credentials.scopes, ElementsAre("c"));
  EXPECT_EQ(a.open_id_kubernetes.provider_url, "https://idp/k8s");
  EXPECT_EQ(a.exec.cmd, "get-token");
  EXPECT_THAT(a.exec.args, ElementsAre("--audience", "armada"));
  ASSERT_EQ(a.exec.env.size(), 2u);
  EXPECT_EQ(a.exec.env[1].first, "B");
  EXPECT_EQ(a.exec.env[1].second, "two");
  EXPECT_TRUE(a.exec.interactive);

  auto legacy = ParseClientConfig(
      "OPENIDCLIENTCREDENTIALSAUTH:\n  PROVIDERURL: https://x\n  scopes: armada\n", "cfg.yaml", "");
  ASSERT_TRUE(legacy.ok()) << legacy.status().message();
  EXPECT_EQ(legacy->auth.open_id_client_credentials.provider_url, "https://x");
  // viper decodes weakly: one string is a list of one.
  EXPECT_THAT(legacy->auth.open_id_client_credentials.scopes, ElementsAre("armada"));
}

TEST(ClientConfigTest, AnAuthValueOfTheWrongKindIsAnErrorWithItsLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"execAuth:\n  args: {a: b}\n", "cfg.yaml:2: execAuth.args must be a list of strings"},
      {"openIdAuth:\n  localPort: 70000\n",
       "cfg.yaml:2: openIdAuth.localPort must be a whole number from 0 to 65535"},
      {"kubernetesNativeAuth:\n  enabled: maybe\n",
       "cfg.yaml:2: kubernetesNativeAuth.enabled must be true or false"},
      {"execAuth:\n  env: [{value: x}]\n", "cfg.yaml:2: execAuth.env: an entry has no name"},
      {"basicAuth: alice\n", "cfg.yaml:1: basicAuth must be a mapping"},
  };
  for (const auto& [yaml, message] : cases) {
    auto config = ParseClientConfig(yaml, "cfg.yaml", "");
    ASSERT_FALSE(config.ok()) << yaml;
    EXPECT_EQ(config.status().message(), message);
  }
  auto typo = ParseClientConfig("openIdPasswordAuth:\n  passwrd: x\n", "cfg.yaml", "");
  ASSERT_TRUE(typo.ok());
  EXPECT_THAT(typo->warnings, ElementsAre("cfg.yaml:2: unknown key \"passwrd\" in "
                                          "openIdPasswordAuth, ignored (did you mean "
                                          "\"password\"?)"));
}

TEST(ClientConfigTest, LegacyTopLevelFormAndCaseInsensitiveKeys) {
  auto config = ParseClientConfig("armadaurl: armada.example:50051\nFORCENOTLS: true\n", "cfg", "");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->armada_url, "armada.example:50051");
  EXPECT_TRUE(config->force_no_tls);
}

TEST(ClientConfigTest, EmptyFileGivesArmadactlDefaults) {
  auto config = ParseClientConfig("", "cfg", "");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->armada_url, "localhost:50051");
  EXPECT_FALSE(UsesTls(*config));
}

TEST(ClientConfigTest, TlsByDefaultForRemoteHosts) {
  ClientConfig config;
  config.armada_url = "armada.example:443";
  EXPECT_TRUE(UsesTls(config));
  config.force_no_tls = true;
  EXPECT_FALSE(UsesTls(config));
}

TEST(ClientConfigTest, BadValuesAreErrors) {
  EXPECT_FALSE(ParseClientConfig("forceNoTls: maybe\n", "cfg", "").ok());
  EXPECT_FALSE(ParseClientConfig("- a list\n", "cfg", "").ok());
  EXPECT_FALSE(ParseClientConfig("armadaUrl: [a, b]\n", "cfg", "").ok());
  EXPECT_FALSE(ParseClientConfig("key: [unclosed\n", "cfg", "").ok());
}

TEST(ClientConfigTest, HostileYamlIsRefusedWithItsPosition) {
  auto nested = ParseClientConfig("armadaUrl: " + std::string(5000, '[') + "\n", "cfg", "");
  ASSERT_FALSE(nested.ok());
  EXPECT_THAT(nested.status().message(), ::testing::StartsWith("cfg:1:"));
  EXPECT_THAT(nested.status().message(),
              ::testing::HasSubstr(": YAML nested more than 100 levels deep"));
  auto list = ParseClientConfig("armadaUrl: [" + std::string(300000, ',') + "]\n", "cfg", "");
  ASSERT_FALSE(list.ok());
  EXPECT_THAT(list.status().message(), ::testing::HasSubstr("more than 100000 of ','"));
}

TEST(ClientConfigTest, MissingFileIsAnError) {
  auto config = LoadClientConfig("/nonexistent/armadactl.yaml", "");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            "/nonexistent/armadactl.yaml: cannot read: No such file or directory");
}

}  // namespace
}  // namespace armada::runner
