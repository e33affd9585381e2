#include "cli/config_discovery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace armada::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class ConfigDiscoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/config_discovery_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ / "home");
    fs::create_directories(dir_ / "bin");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Touch(const fs::path& path) {
    std::ofstream(path) << "armadaUrl: x:1\n";
    return path.string();
  }
  std::string Home() const { return (dir_ / "home").string(); }
  std::string Bin() const { return (dir_ / "bin").string(); }
  fs::path dir_;
};

TEST_F(ConfigDiscoveryTest, AGivenConfigThatDoesNotExistIsAnError) {
  auto found = FindClientConfig((dir_ / "nope.yaml").string(), Home().c_str(), Bin());
  ASSERT_FALSE(found.ok());
  EXPECT_THAT(found.status().message(), HasSubstr("could not find config file"));
  const std::string given = Touch(dir_ / "given.yaml");
  Touch(dir_ / "home" / ".armadactl.yaml");
  EXPECT_EQ(*FindClientConfig(given, Home().c_str(), Bin()), given);
}

TEST_F(ConfigDiscoveryTest, HomeFileInViperOrderThenTheDefaultsBesideTheExecutable) {
  EXPECT_EQ(*FindClientConfig("", Home().c_str(), Bin()), "");
  const std::string defaults = Touch(dir_ / "bin" / "armadactl-defaults.yaml");
  EXPECT_EQ(*FindClientConfig("", Home().c_str(), Bin()), defaults);
  const std::string yml = Touch(dir_ / "home" / ".armadactl.yml");
  EXPECT_EQ(*FindClientConfig("", Home().c_str(), Bin()), yml);  // replaces the defaults
  const std::string yaml = Touch(dir_ / "home" / ".armadactl.yaml");
  EXPECT_EQ(*FindClientConfig("", Home().c_str(), Bin()), yaml);  // yaml before yml
  const std::string json = Touch(dir_ / "home" / ".armadactl.json");
  EXPECT_EQ(*FindClientConfig("", Home().c_str(), Bin()), json);  // json first
  EXPECT_EQ(*FindClientConfig("", nullptr, Bin()), defaults);
}

TEST_F(ConfigDiscoveryTest, AHomeFileInAFormatThisRunnerDoesNotReadIsAnErrorSayingSo) {
  Touch(dir_ / "home" / ".armadactl.toml");
  Touch(dir_ / "home" / ".armadactl.yaml");
  auto found = FindClientConfig("", Home().c_str(), Bin());
  ASSERT_FALSE(found.ok());  // viper takes .toml before .yaml
  EXPECT_THAT(found.status().message(), HasSubstr(".armadactl.toml: armada-testsuite reads"));
}

TEST(ConfigOverridesTest, ArmadaUrlReplacesAContextsOnlyWhenNotGosDefault) {
  EXPECT_TRUE(UrlOverridesConfig("localhost:50051", /*config_has_context=*/false));
  EXPECT_FALSE(UrlOverridesConfig("localhost:50051", /*config_has_context=*/true));
  EXPECT_TRUE(UrlOverridesConfig("127.0.0.1:50051", /*config_has_context=*/true));
  EXPECT_FALSE(UrlOverridesConfig("", /*config_has_context=*/false));
}

TEST(ConfigOverridesTest, AFlagWinsOverItsEnvironmentVariable) {
  setenv("CONFIG_DISCOVERY_TEST_VAR", "from-env", 1);
  EXPECT_EQ(FlagOrEnv("from-flag", "CONFIG_DISCOVERY_TEST_VAR"), "from-flag");
  EXPECT_EQ(FlagOrEnv("", "CONFIG_DISCOVERY_TEST_VAR"), "from-env");
  unsetenv("CONFIG_DISCOVERY_TEST_VAR");
  EXPECT_EQ(FlagOrEnv("", "CONFIG_DISCOVERY_TEST_VAR"), "");
}

}  // namespace
}  // namespace armada::cli
