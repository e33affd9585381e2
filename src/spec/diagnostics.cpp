#include "spec/diagnostics.h"

#include <algorithm>

namespace armada::spec {

void SourceMap::Record(const std::string& path, SourcePosition key, SourcePosition value) {
  entries_.emplace(path, Entry{key, value});
}

std::optional<SourcePosition> SourceMap::ValueOf(const std::string& path) const {
  auto it = entries_.find(path);
  if (it == entries_.end()) return std::nullopt;
  return it->second.value;
}

std::optional<SourcePosition> SourceMap::KeyOf(const std::string& path) const {
  auto it = entries_.find(path);
  if (it == entries_.end()) return std::nullopt;
  return it->second.key;
}

void ErrorList::Add(SourcePosition position, std::string path, std::string message) {
  errors_.push_back(Error{position, std::move(path), std::move(message)});
}

bool ErrorList::HasErrorUnder(const std::string& path) const {
  for (const Error& error : errors_) {
    if (error.path.compare(0, path.size(), path) != 0) continue;
    if (error.path.size() == path.size() || error.path[path.size()] == '.' ||
        error.path[path.size()] == '[') {
      return true;
    }
  }
  return false;
}

std::string ErrorList::Format(const std::string& file) const {
  std::vector<Error> sorted = errors_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Error& a, const Error& b) {
    if (a.position.line != b.position.line) return a.position.line < b.position.line;
    return a.position.column < b.position.column;
  });
  std::string out;
  for (const Error& error : sorted) {
    if (!out.empty()) out += '\n';
    out += file + ":" + std::to_string(error.position.line) + ":" +
           std::to_string(error.position.column) + ": ";
    if (!error.path.empty()) out += error.path + ": ";
    out += error.message;
  }
  return out;
}

}  // namespace armada::spec
