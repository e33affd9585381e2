// `test --local --watch`: waits for test case files to change (inotify), so
// the run can go again on the changed cases while one armada-localstack
// keeps running.
//
// Contract:
// - Create watches the folders of the files `patterns` matches now (a
//   pattern matching nothing is an error, as for --tests).
// - WaitForChanges blocks, without polling, until a file in those folders
//   that the patterns match (expanded again then, so a new case counts) was
//   written and closed, or moved or renamed into place (as editors save),
//   then gathers what else changes within 100 ms (one save may be several
//   writes), and returns those files, sorted; empty once stop fires.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/stop_signal.h"

namespace armada::cli {

class FileWatcher {
 public:
  static StatusOr<std::unique_ptr<FileWatcher>> Create(const std::string& patterns);
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  std::vector<std::string> WaitForChanges(const StopSignal& stop);

 private:
  FileWatcher() = default;
  std::string patterns_;
  int inotify_ = -1;
  // The watched folders, and the inotify watch descriptor of each.
  std::vector<std::string> folders_;
  std::vector<int> descriptors_;
};

}  // namespace armada::cli
