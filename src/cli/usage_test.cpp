#include "cli/usage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/commands.h"

namespace armada::cli {
namespace {

using ::testing::Optional;

class UsageTest : public ::testing::Test {
 protected:
  UsageTest() : app_("armada-testsuite", "armada-testsuite") {
    AddValidateCommand(app_, &exit_code_);
    AddVersionCommand(app_, &exit_code_);
    AddTestCommand(app_, &exit_code_);
    AddListCommand(app_, &exit_code_);
  }
  CLI::App app_;
  int exit_code_ = 0;
};

TEST_F(UsageTest, UnknownSubcommandIsNamedWithTheNearestOne) {
  EXPECT_THAT(FindUnknownName(app_, {"tset", "--tests", "x"}),
              Optional(std::string("unknown subcommand \"tset\"; did you mean \"test\"?")));
  EXPECT_THAT(FindUnknownName(app_, {"frobnicate"}),
              Optional(std::string(
                  "unknown subcommand \"frobnicate\" (known: validate, version, test, list)")));
}

TEST_F(UsageTest, UnknownFlagIsNamedWithItsSubcommandAndTheNearestFlag) {
  EXPECT_THAT(
      FindUnknownName(app_, {"test", "--tests", "x", "--paralel", "2"}),
      Optional(std::string("unknown flag --paralel for `test`; did you mean \"--parallel\"?")));
  EXPECT_THAT(
      FindUnknownName(app_, {"test", "--junit=out.xml", "--fail-fsat"}),
      Optional(std::string("unknown flag --fail-fsat for `test`; did you mean \"--fail-fast\"?")));
}

TEST_F(UsageTest, FlagListNamesHelpOnce) {
  // `test` takes the root's flags too; both have --help, listed once.
  auto message = FindUnknownName(app_, {"test", "--zzzzzzzzzzzz"});
  ASSERT_TRUE(message.has_value());
  const size_t first = message->find("--help");
  ASSERT_NE(first, std::string::npos) << *message;
  EXPECT_EQ(message->find("--help", first + 1), std::string::npos) << *message;
}

TEST_F(UsageTest, KnownNamesAndValuesPass) {
  EXPECT_EQ(FindUnknownName(app_, {"test", "--tests", "a/**/*.yaml", "--junit=j.xml", "--local",
                                   "--no-tls", "--insecure", "--parallel", "2"}),
            std::nullopt);
  EXPECT_EQ(FindUnknownName(app_, {"--help"}), std::nullopt);
}

}  // namespace
}  // namespace armada::cli
