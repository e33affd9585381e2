// Support for the CLI's end-to-end tests, which run the built binaries:
// where they are, a scratch folder per test for its cases and reports, and
// running a command to its end (through common/testing/spawn_logged.h, the
// one way tests spawn a child).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace armada::cli::testing {

// The folder of the built binaries (armada-testsuite, armada-localstack):
// the running test's own.
std::filesystem::path BinDir();

// BinDir()'s armada-testsuite.
std::filesystem::path Testsuite();

// A scratch folder for one test, /tmp/armada-PREFIX-PID-TEST, with an
// empty cases/ folder in it. Removed when the test passed; kept, for its
// logs and reports, when it failed.
class CaseFolder {
 public:
  explicit CaseFolder(const std::string& prefix);
  ~CaseFolder();
  CaseFolder(const CaseFolder&) = delete;
  CaseFolder& operator=(const CaseFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path cases() const { return path_ / "cases"; }
  // Writes text to cases/NAME (NAME + ".yaml" when NAME has no extension)
  // and returns its path.
  std::filesystem::path Write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

// A command run to its end: its exit code as a shell reports it, what it
// printed (stdout and stderr as written) and how long it took.
struct Ran {
  int exit_code = -1;
  std::string output;
  double seconds = 0;
};

// Runs argv (argv[0] a path) in the folder dir, with each "NAME=value" of
// env added, its output kept in the file log; waits for its end.
Ran RunToEnd(const std::vector<std::string>& argv, const std::string& dir,
             const std::filesystem::path& log, const std::vector<std::string>& env = {});

}  // namespace armada::cli::testing
