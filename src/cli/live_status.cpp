#include "cli/live_status.h"

#include <spdlog/sinks/base_sink.h>

namespace armada::cli {
namespace {

// Most terminals show about this many lines; more running tests are summarised.
constexpr size_t kMaxStatusLines = 12;

class StatusSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit StatusSink(LiveStatus* status) : status_(status) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::string line = fmt::to_string(formatted);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    status_->PrintLine(line);
  }
  void flush_() override {}

 private:
  LiveStatus* status_;
};

}  // namespace

LiveStatus::LiveStatus(std::FILE* out) : out_(out), sink_(std::make_shared<StatusSink>(this)) {}

LiveStatus::~LiveStatus() {
  std::lock_guard<std::mutex> lock(mu_);
  Erase();
  std::fflush(out_);
}

std::shared_ptr<spdlog::sinks::sink> LiveStatus::sink() { return sink_; }

void LiveStatus::OnStarted(const std::string& test, const runner::JobCounts& planned) {
  std::lock_guard<std::mutex> lock(mu_);
  running_[test] = Running{std::chrono::steady_clock::now(), planned};
  Erase();
  Draw();
}

void LiveStatus::OnProgress(const std::string& test, const runner::JobCounts& counts) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = running_.find(test);
  if (it == running_.end()) return;
  it->second.counts = counts;
  Erase();
  Draw();
}

void LiveStatus::OnFinished(const report::TestResult& result) {
  std::lock_guard<std::mutex> lock(mu_);
  running_.erase(result.name);
  Erase();
  Draw();
}

void LiveStatus::PrintLine(const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  Erase();
  std::fprintf(out_, "%s\n", line.c_str());
  Draw();
}

void LiveStatus::Erase() {
  // The cursor sits at the end of the last status line: clear it, then each
  // line above it.
  if (drawn_lines_ == 0) return;
  std::fputs("\r\033[2K", out_);
  for (size_t i = 1; i < drawn_lines_; ++i) std::fputs("\033[1A\033[2K", out_);
  drawn_lines_ = 0;
}

void LiveStatus::Draw() {
  const auto now = std::chrono::steady_clock::now();
  size_t shown = 0;
  for (const auto& [name, test] : running_) {
    if (shown == kMaxStatusLines) {
      std::fprintf(out_, "%s  ... and %zu more running", shown > 0 ? "\n" : "",
                   running_.size() - shown);
      ++drawn_lines_;
      break;
    }
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(now - test.started).count();
    std::fprintf(out_, "%s  > %s: %zu/%zu submitted, %zu running, %zu done (%llds)",
                 shown > 0 ? "\n" : "", name.c_str(), test.counts.submitted, test.counts.total,
                 test.counts.running, test.counts.done, static_cast<long long>(seconds));
    ++shown;
    ++drawn_lines_;
  }
  std::fflush(out_);
}

}  // namespace armada::cli
