#include "cli/console_format.h"

#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

namespace armada::cli {
namespace {

std::string Logged(const std::string& message) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger("console-format-test", sink);
  logger.set_formatter(ConsoleFormatter());
  logger.warn("{}", message);
  return out.str();
}

TEST(ConsoleFormatTest, AMessageOfSeveralLinesKeepsOneEntryPerLineStartingAtColumnZero) {
  const std::string text = Logged("[oom] failed: job j1 ended with failed\nits log:\nkilled\n");
  // 12:34:56.789 warning [oom] failed: ...
  const size_t first_line_end = text.find('\n');
  ASSERT_NE(first_line_end, std::string::npos) << text;
  EXPECT_EQ(text.substr(12, first_line_end - 12),
            " warning [oom] failed: job j1 ended with failed");
  EXPECT_EQ(text.substr(first_line_end), "\n    its log:\n    killed\n");
}

TEST(ConsoleFormatTest, AOneLineMessageIsAsSpdlogsDefault) {
  const std::string text = Logged("plain");
  EXPECT_EQ(text.substr(12), " warning plain\n");
}

}  // namespace
}  // namespace armada::cli
