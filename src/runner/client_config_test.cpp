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
  EXPECT_EQ(config->basic_username, "alice");
  EXPECT_EQ(config->basic_password, "secret");
  EXPECT_TRUE(UsesTls(*config));
}

TEST(ClientConfigTest, ContextArgumentOverridesCurrentContext) {
  auto config = ParseClientConfig(kContexts, "cfg.yaml", "kind");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->armada_url, "localhost:30002");
  EXPECT_TRUE(config->force_no_tls);
  EXPECT_TRUE(config->basic_username.empty());
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

TEST(ClientConfigTest, UnsupportedAuthIsReported) {
  auto config = ParseClientConfig(kContexts, "cfg.yaml", "sso");
  ASSERT_TRUE(config.ok());
  EXPECT_THAT(config->unsupported_auth, ElementsAre("execAuth"));
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
