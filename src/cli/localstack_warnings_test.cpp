#include "cli/localstack_warnings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace armada::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(LocalStackLog, ALineSplitsIntoLevelAndMessage) {
  auto line =
      ParseLogLine("[2026-12-06 18:40:00.123] [localstack] [warning] job 01a fits no node: x");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->level, "warning");
  EXPECT_EQ(line->message, "job 01a fits no node: x");
  EXPECT_FALSE(ParseLogLine("  continuation of a message"));
  EXPECT_FALSE(ParseLogLine("[only one] field"));
}

TEST(LocalStackLog, FitsNoNodeNamesTheJobAndWhy) {
  auto fits = FitsNoNode("job 01h2 fits no node: needs 64 CPU, the largest node has 2");
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits->first, "01h2");
  EXPECT_EQ(fits->second, "needs 64 CPU, the largest node has 2");
  EXPECT_FALSE(FitsNoNode("job set s fits: nothing"));
  EXPECT_FALSE(FitsNoNode("the pod fits no node: x"));
}

class LocalStackWarningsTest : public ::testing::Test {
 protected:
  LocalStackWarningsTest() {
    char dir[] = "/tmp/localstack-warnings-test-XXXXXX";
    dir_ = mkdtemp(dir);
    path_ = dir_ + "/armada-localstack.log";
    std::ofstream(path_).flush();
    previous_ = spdlog::default_logger();
    auto logger = std::make_shared<spdlog::logger>(
        "test", std::make_shared<spdlog::sinks::ostream_sink_mt>(console_));
    logger->set_pattern("%l %v");
    spdlog::set_default_logger(logger);
  }
  ~LocalStackWarningsTest() override {
    spdlog::set_default_logger(previous_);
    std::filesystem::remove_all(dir_);
  }
  void Append(const std::string& text) { std::ofstream(path_, std::ios::app) << text; }

  std::string dir_, path_;
  std::ostringstream console_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(LocalStackWarningsTest, WarningsReachTheConsoleAndQueuedJobsTheirReason) {
  LocalStackWarnings warnings(path_);
  Append("[t] [localstack] [info] listening\n");
  Append("[t] [localstack] [warning] this host cannot provide memory limits\n");
  Append("[t] [localstack] [warning] job 01a fits no node: needs 64 CPU, the largest node has 2\n");
  Append("[t] [localstack] [warning] job 01b fits no node: needs 64 CPU");  // no newline yet
  EXPECT_EQ(warnings.WhyQueued({"01z", "01a"}),
            "job 01a fits no node: needs 64 CPU, the largest node has 2");
  Append(", the largest node has 2\n");
  EXPECT_EQ(warnings.WhyQueued({"01a", "01b"}),
            "job 01a fits no node: needs 64 CPU, the largest node has 2 (and 1 more job(s))");
  EXPECT_EQ(warnings.WhyQueued({"01z"}), "");
  const std::string console = console_.str();
  EXPECT_THAT(console, HasSubstr("warning armada-localstack: this host cannot provide memory"));
  EXPECT_THAT(console, HasSubstr("warning armada-localstack: job 01b fits no node"));
  EXPECT_THAT(console, Not(HasSubstr("listening")));
}

TEST_F(LocalStackWarningsTest, ManyWarningsAreCutShortNamingTheLog) {
  LocalStackWarnings warnings(path_);
  for (size_t i = 0; i < LocalStackWarnings::kMaxRelayed + 5; ++i) {
    Append("[t] [localstack] [warning] warning " + std::to_string(i) + "\n");
  }
  (void)warnings.WhyQueued({});
  const std::string console = console_.str();
  EXPECT_THAT(console, HasSubstr("warning " + std::to_string(LocalStackWarnings::kMaxRelayed - 1)));
  EXPECT_THAT(console,
              Not(HasSubstr("warning " + std::to_string(LocalStackWarnings::kMaxRelayed) + "\n")));
  EXPECT_THAT(console, HasSubstr("more warnings in " + path_));
}

}  // namespace
}  // namespace armada::cli
