#include "cli/live_status.h"

#include <spdlog/sinks/base_sink.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace armada::cli {
namespace {

// Most terminals show about this many lines; more running tests are summarised.
constexpr size_t kMaxStatusLines = 12;

const char* ColorOf(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::info:
      return "\033[32m";  // green
    case spdlog::level::warn:
      return "\033[33m";  // yellow
    case spdlog::level::err:
    case spdlog::level::critical:
      return "\033[31m";  // red
    default:
      return "";
  }
}

class StatusSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  StatusSink(LiveStatus* status, bool color) : status_(status), color_(color) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::string line = fmt::to_string(formatted);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    const char* color = ColorOf(msg.level);
    if (color_ && *color != '\0' && msg.color_range_end > msg.color_range_start &&
        msg.color_range_end <= line.size()) {
      line = line.substr(0, msg.color_range_start) + color +
             line.substr(msg.color_range_start, msg.color_range_end - msg.color_range_start) +
             "\033[0m" + line.substr(msg.color_range_end);
    }
    status_->PrintLine(line);
  }
  void flush_() override {}

 private:
  LiveStatus* status_;
  const bool color_;
};

}  // namespace

bool UseColor(bool terminal, const char* no_color) {
  return terminal && (no_color == nullptr || *no_color == '\0');
}

size_t TerminalColumns(int fd) {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

std::string FitToWidth(const std::string& line, size_t columns) {
  if (columns == 0) return line;
  size_t shown = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    // A UTF-8 continuation byte belongs to the character before it.
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    if (shown == columns) return line.substr(0, i);
    ++shown;
  }
  return line;
}

LiveStatus::LiveStatus(std::FILE* out, Options options)
    : out_(out),
      options_(std::move(options)),
      sink_(std::make_shared<StatusSink>(this, options_.color)) {
  if (options_.terminal) timer_ = std::thread([this] { Tick(); });
}

LiveStatus::~LiveStatus() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (timer_.joinable()) timer_.join();
  std::lock_guard<std::mutex> lock(mu_);
  Erase();
  std::fflush(out_);
}

std::shared_ptr<spdlog::sinks::sink> LiveStatus::sink() { return sink_; }

void LiveStatus::Tick() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, options_.tick);
    if (stopping_ || running_.empty()) continue;
    Erase();
    Draw();
  }
}

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
  // Every line reaches the console (or the file it goes to) at once.
  std::fflush(out_);
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
  if (!options_.terminal) return;
  const size_t columns = options_.columns ? options_.columns() : 0;
  const auto now = std::chrono::steady_clock::now();
  size_t shown = 0;
  for (const auto& [name, test] : running_) {
    std::string line;
    if (shown == kMaxStatusLines) {
      line = "  ... and " + std::to_string(running_.size() - shown) + " more running";
    } else {
      const auto seconds =
          std::chrono::duration_cast<std::chrono::seconds>(now - test.started).count();
      line = "  > " + name + ": " + std::to_string(test.counts.submitted) + "/" +
             std::to_string(test.counts.total) + " submitted, " +
             std::to_string(test.counts.running) + " running, " + std::to_string(test.counts.done) +
             " done (" + std::to_string(seconds) + "s)";
    }
    // The last column stays free: some terminals wrap a line that fills it.
    std::fprintf(out_, "%s%s", shown > 0 ? "\n" : "",
                 FitToWidth(line, columns > 1 ? columns - 1 : columns).c_str());
    ++drawn_lines_;
    if (shown++ == kMaxStatusLines) break;
  }
  std::fflush(out_);
}

}  // namespace armada::cli
