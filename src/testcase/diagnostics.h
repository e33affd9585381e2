// Where things are in a test case file, and the errors found in it. The
// loader keeps going after an error so that one run reports every problem in
// a file; these types carry them until they are formatted into one Status.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace armada::testcase {

// A 1-based line and column in the file.
struct SourcePosition {
  int line = 1;
  int column = 1;
};

// Field paths as the errors spell them (`jobs[0].podSpec.containers[0].name`,
// keys as the file wrote them) mapped to where the file gave them, so checks
// that run after reading can still point at the right line.
class SourceMap {
 public:
  // Records where path's key and value start. The first record of a path
  // wins: a later document repeating a key is itself an error.
  void Record(const std::string& path, SourcePosition key, SourcePosition value);
  // Where path's value starts (or, for a value the YAML left empty, its key):
  // nullopt when the file never mentioned path.
  std::optional<SourcePosition> ValueOf(const std::string& path) const;
  // Where path's key starts; for a list element, where the element starts.
  std::optional<SourcePosition> KeyOf(const std::string& path) const;

 private:
  struct Entry {
    SourcePosition key;
    SourcePosition value;
  };
  std::map<std::string, Entry> entries_;
};

// The errors of one file.
class ErrorList {
 public:
  // Adds an error about path (empty for the document as a whole) at position.
  void Add(SourcePosition position, std::string path, std::string message);
  bool empty() const { return errors_.empty(); }
  // Whether an error is about path or something inside it (path.x, path[0]),
  // so later checks need not repeat a problem already reported there.
  bool HasErrorUnder(const std::string& path) const;
  size_t size() const { return errors_.size(); }
  // One line per error, in file order (line, then column, then the order they
  // were found): `FILE:LINE:COLUMN: PATH: MESSAGE`, or `FILE:LINE:COLUMN:
  // MESSAGE` when the error is about no particular path. Line breaks quoted
  // from the file are written as \\n and \\r. No trailing newline.
  std::string Format(const std::string& file) const;

 private:
  struct Error {
    SourcePosition position;
    std::string path;
    std::string message;
  };
  std::vector<Error> errors_;
  std::set<std::string> paths_;  // of errors_, for HasErrorUnder
};

}  // namespace armada::testcase
