#include "testcase/glob.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
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

// go-zglob v0.0.6 (zglob.go, New): `$NAME` or `$(NAME)` as a whole path
// component, NAME a letter then one or more letters, digits or '_'.
bool IsEnvComponent(std::string_view c) {
  auto name_ok = [](std::string_view name) {
    if (name.size() < 2 || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
    return std::all_of(name.begin() + 1, name.end(),
                       [](unsigned char ch) { return std::isalnum(ch) != 0 || ch == '_'; });
  };
  if (c.size() < 3 || c[0] != '$') return false;
  if (c[1] == '(') return c.back() == ')' && name_ok(c.substr(2, c.size() - 3));
  return name_ok(c.substr(1));
}

std::string Trimmed(std::string value, std::string_view cut) {
  const size_t start = value.find_first_not_of(cut);
  if (start == std::string::npos) return "";
  return value.substr(start, value.find_last_not_of(cut) - start + 1);
}

// A pattern as go-zglob v0.0.6 reads it before matching: only when some
// component holds '*' or '{' (else the pattern names a file as written),
// a first component `~` becomes $HOME and a `$NAME`/`$(NAME)` component the
// variable's value, "()" then '"' trimmed from it. As in go-zglob, `$(NAME)`
// reads the variable named "(NAME)", parentheses included; an empty value
// drops the component.
std::string ExpandHomeAndVariables(const std::string& pattern) {
  if (pattern.find_first_of("*{") == std::string::npos) return pattern;
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t end = pattern.find('/', start);
    parts.push_back(pattern.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string part = parts[i];
    if (i == 0 && part == "~") {
      const char* home = std::getenv("HOME");
      part = home != nullptr ? home : "";
    } else if (IsEnvComponent(part)) {
      const char* value = std::getenv(part.substr(1).c_str());
      part = Trimmed(Trimmed(value != nullptr ? value : "", "()"), "\"");
      if (part.empty()) continue;
    }
    if (i > 0) out += '/';
    out += part;
  }
  return out;
}

// The folder a pattern walks from, as go-zglob v0.0.6 roots it: the
// components before the first one holding '*', '{' (or this runner's '?');
// "" for a pattern without any.
std::string RootOf(const std::string& pattern) {
  const size_t wild = pattern.find_first_of("*{?");
  if (wild == std::string::npos) return "";
  const size_t slash = pattern.rfind('/', wild);
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : pattern.substr(0, slash);
}
}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  const bool pattern_absolute = !pattern.empty() && pattern[0] == '/';
  const bool path_absolute = !path.empty() && path[0] == '/';
  if (pattern_absolute != path_absolute) return false;
  return MatchSegments(SplitSegments(pattern), 0, SplitSegments(path), 0);
}

StatusOr<std::vector<std::string>> ExpandPatterns(std::string_view patterns,
                                                  std::vector<std::string>* unmatched) {
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
    const std::string expanded = ExpandHomeAndVariables(std::string(listed));
    const std::string shown = "pattern \"" + std::string(listed) + "\"" +
                              (expanded == listed ? "" : " (\"" + expanded + "\")");
    const std::string root = RootOf(expanded);
    std::error_code error;
    if (root.empty() ? !fs::exists(expanded, error) : !fs::is_directory(root, error)) {
      return Status::Error(shown + ": " + (root.empty() ? "no such file" : "no folder " + root));
    }
    std::vector<std::string> alternatives;
    if (Status s = ExpandBraces(expanded, &alternatives); !s.ok()) {
      return Status::Error(shown + ": " + s.message());
    }
    std::vector<std::string> found;
    for (const std::string& pattern : alternatives) {
      const std::vector<std::string> segments = SplitSegments(pattern);
      if (segments.empty()) continue;  // "/" alone: a directory, never a test case file
      // Start below the leading literal directories, spelled as the pattern does.
      size_t first_wild = 0;
      while (first_wild < segments.size() && !HasWildcard(segments[first_wild])) ++first_wild;
      if (first_wild == segments.size()) {
        if (IsYamlFile(pattern)) found.push_back(pattern);
        continue;
      }
      std::string base = pattern[0] == '/' ? "/" : "";
      for (size_t i = 0; i < first_wild; ++i) base = Join(base, segments[i]);
      if (base.empty() || fs::is_directory(base, error)) Walk(base, segments, first_wild, &found);
    }
    if (found.empty()) {
      const std::string message = shown + " matches no .yaml or .yml file";
      if (unmatched == nullptr) return Status::Error(message);
      unmatched->push_back(message);
    }
    files.insert(files.end(), found.begin(), found.end());
  }
  if (count == 0) return Status::Error("no test case pattern given");
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace armada::testcase
