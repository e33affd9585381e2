#include "runner/per_test_log.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>

namespace armada::runner {
namespace {

// What the console shows for a test's not-run verdict. A long one that an
// earlier test's line showed already is cut to its first two parts and
// names that test: armada-localstack without root skips every test that
// sets a limit with the same sentence of everything the host lacks, and
// that sentence once is enough. The per-test log keeps it whole.
std::string NotRunConsoleLine(const std::string& test, const std::string& line) {
  constexpr size_t kLong = 160;
  constexpr size_t kMaxRemembered = 64;  // a --watch session sees new ones for hours
  static std::mutex mu;
  static std::map<std::string, std::string> first_shown_by;  // line -> test
  if (line.size() < kLong) return line;
  std::lock_guard<std::mutex> lock(mu);
  const auto shown = first_shown_by.find(line);
  if (shown == first_shown_by.end()) {
    if (first_shown_by.size() < kMaxRemembered) first_shown_by.emplace(line, test);
    return line;
  }
  if (shown->second == test) return line;  // a retry of the same test
  // "skipped: needs root for memory limits: armada-localstack cannot ..."
  size_t cut = line.find(": ");
  if (cut != std::string::npos) cut = line.find(": ", cut + 2);
  return line.substr(0, cut) + " (as " + shown->second + " above)";
}

}  // namespace

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
  spdlog::log(level, "{}: {}", test_name_,
              verdict == Verdict::kNotRun ? NotRunConsoleLine(test_name_, line) : line);
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
