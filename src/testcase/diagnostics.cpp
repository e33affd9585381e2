#include "testcase/diagnostics.h"

#include <algorithm>

namespace armada::testcase {

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

namespace {

// Errors quote the file's text (keys, values), which may hold line breaks;
// written as escapes they keep each error on its one line.
std::string OneLine(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

void ErrorList::Add(SourcePosition position, std::string path, std::string message) {
  paths_.insert(path);
  errors_.push_back(Error{position, std::move(path), std::move(message)});
}

bool ErrorList::HasErrorUnder(const std::string& path) const {
  if (paths_.count(path) > 0) return true;
  // Paths under path sort right after path + separator, so one look-up per
  // separator finds them; a scan of every error would make a check per list
  // element quadratic in a file with many bad elements.
  for (const char separator : {'.', '['}) {
    const std::string prefix = path + separator;
    auto it = paths_.lower_bound(prefix);
    if (it != paths_.end() && it->compare(0, prefix.size(), prefix) == 0) return true;
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
    if (!error.path.empty()) out += OneLine(error.path) + ": ";
    out += OneLine(error.message);
  }
  return out;
}

}  // namespace armada::testcase
