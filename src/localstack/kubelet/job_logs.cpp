#include "localstack/kubelet/job_logs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/file_tail.h"

namespace armada::localstack {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kLogSuffix = ".log";

}  // namespace

bool IsPlainName(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.size() > 253) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

Status JobLogs::Keep(const std::string& job_id, const std::string& job_dir) const {
  if (!IsPlainName(job_id)) return Status::Error("job id " + job_id + " is not a plain name");
  std::error_code ec;
  const fs::path target = fs::path(dir_) / job_id;
  for (const auto& entry : fs::directory_iterator(job_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file(ec) || name.size() <= kLogSuffix.size() ||
        name.compare(name.size() - kLogSuffix.size(), kLogSuffix.size(), kLogSuffix) != 0 ||
        entry.file_size(ec) == 0) {
      continue;
    }
    fs::create_directories(target, ec);
    if (ec) return Status::Error("cannot create " + target.string() + ": " + ec.message());
    const fs::path tmp = target / (name + ".tmp");
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << FileEnd(entry.path().string(), kMaxKeptBytes);
      if (!out) return Status::Error("cannot write " + tmp.string());
    }
    fs::rename(tmp, target / name, ec);
    if (ec) return Status::Error("cannot keep " + name + ": " + ec.message());
  }
  if (ec) return Status::Error("cannot read " + job_dir + ": " + ec.message());
  return Status();
}

void JobLogs::Forget(const std::string& job_id) const {
  if (!IsPlainName(job_id)) return;
  std::error_code ec;
  fs::remove_all(fs::path(dir_) / job_id, ec);
}

StatusOr<std::string> JobLogs::Read(const std::string& job_id, const std::string& container,
                                    int64_t tail_lines, int64_t limit_bytes) const {
  if (!IsPlainName(job_id)) return Status::Error("job id \"" + job_id + "\" is not a job id");
  if (!container.empty() && !IsPlainName(container)) {
    return Status::Error("container \"" + container + "\" is not a container name");
  }
  const fs::path job = fs::path(dir_) / job_id;
  std::string name = container;
  if (name.empty()) {
    std::set<std::string> logs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(job, ec)) {
      const std::string file = entry.path().filename().string();
      if (file.size() > kLogSuffix.size() &&
          file.compare(file.size() - kLogSuffix.size(), kLogSuffix.size(), kLogSuffix) == 0) {
        logs.insert(file.substr(0, file.size() - kLogSuffix.size()));
      }
    }
    if (logs.empty()) return Status::Error("no log kept for job " + job_id);
    if (logs.size() > 1) {
      std::string names;
      for (const auto& l : logs) names += (names.empty() ? "" : ", ") + l;
      return Status::Error("job " + job_id + " has several containers (" + names + "): name one");
    }
    name = *logs.begin();
  }
  const fs::path path = job / (name + std::string(kLogSuffix));
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return Status::Error("no log kept for container " + name + " of job " + job_id);
  }
  std::string text = FileEnd(path, kMaxKeptBytes);
  if (tail_lines >= 0) {
    // Count lines from the end; a final newline ends the last line.
    size_t pos = text.size();
    if (pos > 0 && text[pos - 1] == '\n') --pos;
    int64_t lines = 0;
    while (pos > 0) {
      if (text[pos - 1] == '\n' && ++lines == tail_lines) break;
      --pos;
    }
    if (tail_lines == 0) pos = text.size();
    text.erase(0, pos);
  }
  if (limit_bytes > 0 && static_cast<int64_t>(text.size()) > limit_bytes) {
    text.erase(0, text.size() - static_cast<size_t>(limit_bytes));
  }
  return text;
}

}  // namespace armada::localstack
