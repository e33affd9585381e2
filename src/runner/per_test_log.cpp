#include "runner/per_test_log.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace armada::runner {

void TestLog::Info(const std::string& line) {
  spdlog::info("{}: {}", test_name_, line);
  Append(line);
}

void TestLog::Step(const std::string& line) {
  spdlog::debug("{}: {}", test_name_, line);
  Append(line);
}

void TestLog::Warn(const std::string& line) {
  spdlog::warn("{}: {}", test_name_, line);
  Append("warning: " + line);
}

void TestLog::LogVerdict(Verdict verdict, const std::string& line) {
  const auto level = verdict == Verdict::kPassed   ? spdlog::level::info
                     : verdict == Verdict::kNotRun ? spdlog::level::warn
                                                   : spdlog::level::err;
  spdlog::log(level, "{}: {}", test_name_, line);
  Append(line);
}

void TestLog::Detail(const std::string& line) const { spdlog::debug("{}: {}", test_name_, line); }

void TestLog::Detail(const std::string& line, std::chrono::system_clock::time_point at) const {
  // spdlog's log_clock is the system clock: the console's stamp is `at`.
  const std::string text = test_name_ + ": " + line;
  spdlog::default_logger_raw()->log(at, spdlog::source_loc{}, spdlog::level::debug,
                                    spdlog::string_view_t(text));
}

bool TestLog::detailed() { return spdlog::should_log(spdlog::level::debug); }

std::string TestLog::Text() const {
  std::lock_guard<std::mutex> lock(mu_);
  return text_;
}

void TestLog::Append(const std::string& line) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::snprintf(stamp, sizeof(stamp), "%02d:%02d:%02d.%03lld ", utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(millis));
  std::lock_guard<std::mutex> lock(mu_);
  text_ += stamp + line + "\n";
}

}  // namespace armada::runner
