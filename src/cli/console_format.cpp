#include "cli/console_format.h"

#include <spdlog/pattern_formatter.h>

#include <string_view>

namespace armada::cli {
namespace {

constexpr std::string_view kContinuation = "\n    ";

// %* : the message, its further lines indented, trailing newlines dropped.
class IndentedMessage : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string_view text(msg.payload.data(), msg.payload.size());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    for (size_t start = 0; start <= text.size();) {
      const size_t end = std::min(text.find('\n', start), text.size());
      if (start > 0) dest.append(kContinuation.data(), kContinuation.data() + kContinuation.size());
      dest.append(text.data() + start, text.data() + end);
      start = end + 1;
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<IndentedMessage>();
  }
};

}  // namespace

std::unique_ptr<spdlog::formatter> ConsoleFormatter() {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<IndentedMessage>('*').set_pattern("%H:%M:%S.%e %^%l%$ %*");
  return formatter;
}

}  // namespace armada::cli
