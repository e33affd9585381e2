#include "cli/localstack_warnings.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>

#include "api/localstack_protocol.h"

namespace armada::cli {
namespace {

constexpr auto kFollowEvery = std::chrono::milliseconds(200);
// Read at most this much per catch-up, so a runaway log costs bounded memory.
constexpr std::streamsize kMaxRead = 1 << 20;

// The text of a "[...] " field starting at pos, moving pos past it.
std::optional<std::string> Bracketed(const std::string& line, size_t& pos) {
  if (pos >= line.size() || line[pos] != '[') return std::nullopt;
  const size_t end = line.find("] ", pos);
  if (end == std::string::npos) return std::nullopt;
  std::string field = line.substr(pos + 1, end - pos - 1);
  pos = end + 2;
  return field;
}

}  // namespace

std::optional<LogLine> ParseLogLine(const std::string& line) {
  size_t pos = 0;
  if (!Bracketed(line, pos) || !Bracketed(line, pos)) return std::nullopt;  // time, name
  auto level = Bracketed(line, pos);
  if (!level) return std::nullopt;
  return LogLine{*level, line.substr(pos)};
}

std::optional<std::pair<std::string, std::string>> FitsNoNode(const std::string& message) {
  const std::string prefix = "job ";
  const size_t at = message.find(kFitsNoNodeWarning);
  if (message.rfind(prefix, 0) != 0 || at == std::string::npos || at <= prefix.size()) {
    return std::nullopt;
  }
  return std::make_pair(message.substr(prefix.size(), at - prefix.size()),
                        message.substr(at + std::string(kFitsNoNodeWarning).size()));
}

LocalStackWarnings::LocalStackWarnings(std::string log_path) : log_path_(std::move(log_path)) {
  follower_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      CatchUpLocked();
      stop_cv_.wait_for(lock, kFollowEvery, [this] { return stopping_; });
    }
    CatchUpLocked();  // what the server said last, as it stopped
  });
}

LocalStackWarnings::~LocalStackWarnings() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  follower_.join();
}

std::string LocalStackWarnings::WhyQueued(const std::vector<std::string>& job_ids) {
  std::lock_guard<std::mutex> lock(mu_);
  CatchUpLocked();
  std::string first;
  size_t count = 0;
  for (const std::string& id : job_ids) {
    const auto found = fits_no_node_.find(id);
    if (found == fits_no_node_.end()) continue;
    if (count++ == 0) first = "job " + id + kFitsNoNodeWarning + found->second;
  }
  if (count > 1) first += " (and " + std::to_string(count - 1) + " more job(s))";
  return first;
}

void LocalStackWarnings::CatchUpLocked() {
  std::ifstream in(log_path_, std::ios::binary);
  if (!in) return;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < offset_) offset_ = 0;  // truncated: a new server's log
  if (size == offset_) return;
  in.seekg(offset_);
  std::string chunk(static_cast<size_t>(std::min<std::streamoff>(size - offset_, kMaxRead)), '\0');
  in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  chunk.resize(static_cast<size_t>(in.gcount()));
  offset_ += static_cast<std::streamoff>(chunk.size());
  partial_ += chunk;
  size_t start = 0;
  for (size_t end; (end = partial_.find('\n', start)) != std::string::npos; start = end + 1) {
    HandleLocked(partial_.substr(start, end - start));
  }
  partial_.erase(0, start);
  if (partial_.size() > kMaxRead) partial_.clear();  // no line is that long
}

void LocalStackWarnings::HandleLocked(const std::string& line) {
  auto parsed = ParseLogLine(line);
  if (!parsed ||
      (parsed->level != "warning" && parsed->level != "error" && parsed->level != "critical")) {
    return;
  }
  if (auto fits = FitsNoNode(parsed->message)) fits_no_node_[fits->first] = fits->second;
  if (relayed_ < kMaxRelayed) {
    spdlog::warn("armada-localstack: {}", parsed->message);
  } else if (relayed_ == kMaxRelayed) {
    spdlog::warn("armada-localstack: more warnings in {}", log_path_);
  }
  ++relayed_;
}

}  // namespace armada::cli
