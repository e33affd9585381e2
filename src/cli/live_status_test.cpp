#include "cli/live_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <thread>

namespace armada::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Everything written to a temporary FILE*.
class Captured {
 public:
  Captured() : file_(std::tmpfile()) {}
  ~Captured() { std::fclose(file_); }
  std::FILE* file() { return file_; }
  std::string Text() {
    std::fflush(file_);
    std::string text;
    std::rewind(file_);
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, file_)) > 0) text.append(buffer, n);
    return text;
  }

 private:
  std::FILE* file_;
};

void Log(LiveStatus& status, spdlog::level::level_enum level, const std::string& text) {
  spdlog::logger logger("console", status.sink());
  logger.set_pattern("%^%l%$ %v");
  logger.log(level, text);
}

TEST(LiveStatusTest, FitToWidthCutsWithoutSplittingCharacters) {
  EXPECT_EQ(FitToWidth("abcdef", 4), "abcd");
  EXPECT_EQ(FitToWidth("abc", 4), "abc");
  EXPECT_EQ(FitToWidth("abcdef", 0), "abcdef");                         // unknown width: no limit
  EXPECT_EQ(FitToWidth("\xc3\xa9t\xc3\xa9s", 3), "\xc3\xa9t\xc3\xa9");  // "été" of "étés"
}

TEST(LiveStatusTest, StatusLinesFitTheTerminalWidth) {
  Captured out;
  {
    LiveStatus::Options options;
    options.terminal = true;
    options.columns = [] { return size_t{20}; };
    LiveStatus status(out.file(), options);
    status.OnStarted("a_test_with_a_rather_long_name", runner::JobCounts{1000, 0, 0, 0});
  }
  const std::string text = out.Text();
  // 19 columns (the last stays free), then the erase at destruction.
  EXPECT_THAT(text, HasSubstr("  > a_test_with_a_r\r\033[2K"));
  EXPECT_THAT(text, Not(HasSubstr("rather")));
}

TEST(LiveStatusTest, RedrawsOnATimerWhileNothingHappens) {
  Captured out;
  {
    LiveStatus::Options options;
    options.terminal = true;
    options.tick = std::chrono::milliseconds(20);
    LiveStatus status(out.file(), options);
    status.OnStarted("t", runner::JobCounts{1, 0, 0, 0});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const std::string text = out.Text();
  size_t draws = 0;
  for (size_t at = text.find("  > t:"); at != std::string::npos; at = text.find("  > t:", at + 1)) {
    ++draws;
  }
  EXPECT_GE(draws, 3u) << text;
}

TEST(LiveStatusTest, NotATerminalDrawsNoStatusLine) {
  Captured out;
  {
    LiveStatus status(out.file(), LiveStatus::Options{});
    status.OnStarted("t", runner::JobCounts{1, 0, 0, 0});
    Log(status, spdlog::level::info, "t: started");
  }
  EXPECT_EQ(out.Text(), "info t: started\n");
}

TEST(LiveStatusTest, ColourOnlyWhenAsked) {
  Captured coloured;
  {
    LiveStatus::Options options;
    options.color = true;
    LiveStatus status(coloured.file(), options);
    Log(status, spdlog::level::info, "t: passed");
    Log(status, spdlog::level::warn, "t: skipped");
    Log(status, spdlog::level::err, "t: failed");
  }
  EXPECT_EQ(coloured.Text(),
            "\033[32minfo\033[0m t: passed\n\033[33mwarning\033[0m t: skipped\n"
            "\033[31merror\033[0m t: failed\n");
  Captured plain;
  {
    LiveStatus status(plain.file(), LiveStatus::Options{});
    Log(status, spdlog::level::err, "t: failed");
  }
  EXPECT_EQ(plain.Text(), "error t: failed\n");
}

TEST(LiveStatusTest, NoColorTurnsColourOff) {
  EXPECT_TRUE(UseColor(true, nullptr));
  EXPECT_TRUE(UseColor(true, ""));
  EXPECT_FALSE(UseColor(true, "1"));
  EXPECT_FALSE(UseColor(false, nullptr));
}

}  // namespace
}  // namespace armada::cli
