#include "testcase/glob.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace armada::testcase {
namespace fs = std::filesystem;

namespace {

bool HasWildcard(std::string_view segment) {
  return segment.find_first_of("*?") != std::string_view::npos;
}

std::vector<std::string> SplitSegments(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

// Matches one path segment against one pattern segment (* and ?).
bool SegmentMatch(std::string_view pattern, std::string_view name) {
  if (!name.empty() && name[0] == '.' && (pattern.empty() || pattern[0] != '.')) return false;
  // Iterative matching with one backtrack point: the last '*' seen.
  size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p, ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool MatchSegments(const std::vector<std::string>& pattern, size_t p,
                   const std::vector<std::string>& path, size_t n) {
  if (p == pattern.size()) return n == path.size();
  if (pattern[p] == "**") {
    for (size_t skip = n; skip <= path.size(); ++skip) {
      if (MatchSegments(pattern, p + 1, path, skip)) return true;
      if (skip < path.size() && !path[skip].empty() && path[skip][0] == '.') return false;
    }
    return false;
  }
  if (n == path.size()) return false;
  const bool matches =
      HasWildcard(pattern[p]) ? SegmentMatch(pattern[p], path[n]) : pattern[p] == path[n];
  return matches && MatchSegments(pattern, p + 1, path, n + 1);
}

bool IsYamlFile(const fs::path& path) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return false;
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".yaml" || extension == ".yml";
}

std::string Join(const std::string& parent, const std::string& name) {
  if (parent.empty()) return name;
  if (parent.back() == '/') return parent + name;
  return parent + "/" + name;
}

// Matches segments[index...] below dir (spelled `shown` in results).
void Walk(const std::string& shown, const std::vector<std::string>& segments, size_t index,
          std::vector<std::string>* found) {
  const fs::path dir = shown.empty() ? fs::path(".") : fs::path(shown);
  const std::string& segment = segments[index];
  const bool last = index + 1 == segments.size();
  if (!HasWildcard(segment)) {
    // A literal segment needs no listing (and may be "." or "..").
    const std::string child = Join(shown, segment);
    if (last) {
      if (IsYamlFile(child)) found->push_back(child);
    } else {
      std::error_code error;
      if (fs::is_directory(child, error)) Walk(child, segments, index + 1, found);
    }
    return;
  }
  std::error_code error;
  fs::directory_iterator it(dir, error);
  if (error) return;  // unreadable or not a directory: nothing matches there
  const bool globstar = segment == "**";
  if (globstar && !last) Walk(shown, segments, index + 1, found);  // ** matching no directory
  for (; it != fs::directory_iterator(); it.increment(error)) {
    if (error) break;
    const std::string name = it->path().filename().string();
    const std::string child = Join(shown, name);
    std::error_code status_error;
    const bool is_dir = it->is_directory(status_error);
    if (globstar) {
      if (name[0] == '.') continue;
      if (last && IsYamlFile(child)) found->push_back(child);
      // Symbolic links to directories are not followed, which rules out loops.
      if (is_dir && !it->is_symlink(status_error)) Walk(child, segments, index, found);
      continue;
    }
    if (!SegmentMatch(segment, name)) continue;
    if (last) {
      if (IsYamlFile(child)) found->push_back(child);
    } else if (is_dir) {
      Walk(child, segments, index + 1, found);
    }
  }
}

// The list's patterns: split at the commas outside braces ("a/{b,c}/*.yaml"
// is one pattern), or at every comma when a brace is left open.
std::vector<std::string_view> SplitList(std::string_view patterns) {
  std::vector<std::string_view> out;
  for (const bool braces : {true, false}) {
    out.clear();
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i < patterns.size(); ++i) {
      if (braces && patterns[i] == '{') ++depth;
      if (braces && patterns[i] == '}' && depth > 0) --depth;
      if (patterns[i] == ',' && depth == 0) {
        out.push_back(patterns.substr(start, i - start));
        start = i + 1;
      }
    }
    out.push_back(patterns.substr(start));
    if (depth == 0) break;
  }
  return out;
}

// More alternatives than any test tree has: a bound on what a pattern like
// {a,b}{a,b}{a,b}... may cost.
constexpr size_t kMaxAlternatives = 4096;

// Expands `{x,y}` alternatives as a shell does, nested ones too; a brace
// without its closing one, or without a comma inside, is literal.
Status ExpandBraces(const std::string& pattern, std::vector<std::string>* out) {
  for (size_t open = 0; open < pattern.size(); ++open) {
    if (pattern[open] != '{') continue;
    int depth = 0;
    size_t close = std::string::npos;
    std::vector<size_t> commas;
    for (size_t i = open; i < pattern.size() && close == std::string::npos; ++i) {
      if (pattern[i] == '{') ++depth;
      if (pattern[i] == '}' && --depth == 0) close = i;
      if (pattern[i] == ',' && depth == 1) commas.push_back(i);
    }
    if (close == std::string::npos) break;
    if (commas.empty()) continue;
    commas.push_back(close);
    size_t start = open + 1;
    for (const size_t end : commas) {
      Status s = ExpandBraces(
          pattern.substr(0, open) + pattern.substr(start, end - start) + pattern.substr(close + 1),
          out);
      if (!s.ok()) return s;
      start = end + 1;
    }
    return Status();
  }
  if (out->size() == kMaxAlternatives) {
    return Status::Error("more than " + std::to_string(kMaxAlternatives) + " alternatives");
  }
  out->push_back(pattern);
  return Status();
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  const bool pattern_absolute = !pattern.empty() && pattern[0] == '/';
  const bool path_absolute = !path.empty() && path[0] == '/';
  if (pattern_absolute != path_absolute) return false;
  return MatchSegments(SplitSegments(pattern), 0, SplitSegments(path), 0);
}

StatusOr<std::vector<std::string>> ExpandPatterns(std::string_view patterns) {
  std::vector<std::string> files;
  size_t count = 0;
  for (std::string_view listed : SplitList(patterns)) {
    while (!listed.empty() && std::isspace(static_cast<unsigned char>(listed.front()))) {
      listed.remove_prefix(1);
    }
    while (!listed.empty() && std::isspace(static_cast<unsigned char>(listed.back()))) {
      listed.remove_suffix(1);
    }
    if (listed.empty()) continue;
    ++count;
    std::vector<std::string> alternatives;
    if (Status s = ExpandBraces(std::string(listed), &alternatives); !s.ok()) {
      return Status::Error("pattern \"" + std::string(listed) + "\": " + s.message());
    }
    for (const std::string& pattern : alternatives) {
      const std::vector<std::string> segments = SplitSegments(pattern);
      std::vector<std::string> found;
      if (segments.empty()) {
        // "/" alone: a directory, never a test case file.
      } else {
        // Start below the leading literal directories, spelled as the pattern does.
        size_t first_wild = 0;
        while (first_wild < segments.size() && !HasWildcard(segments[first_wild])) ++first_wild;
        if (first_wild == segments.size()) {
          if (IsYamlFile(pattern)) found.push_back(pattern);
        } else {
          std::string base = pattern[0] == '/' ? "/" : "";
          for (size_t i = 0; i < first_wild; ++i) base = Join(base, segments[i]);
          std::error_code error;
          if (base.empty() || fs::is_directory(base, error)) {
            Walk(base, segments, first_wild, &found);
          }
        }
      }
      if (found.empty()) {
        return Status::Error("pattern \"" + pattern + "\"" +
                             (pattern == listed ? "" : " (from \"" + std::string(listed) + "\")") +
                             " matches no .yaml or .yml file");
      }
      files.insert(files.end(), found.begin(), found.end());
    }
  }
  if (count == 0) return Status::Error("no test case pattern given");
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace armada::testcase
