// The YAML of the CLI end-to-end tests' usual test case: one job that runs a
// shell line in alpine:3.20.0 (restartPolicy Never, 25Mi of memory), then
// the case's second document (timeout, expectedEvents, ...).
#pragma once

#include <string>

namespace armada::cli::testing {

struct ShellCase {
  std::string script;  // run with sh -c; no double quotes
  std::string name;    // "" leaves `name:` out (the file's name is used)
  std::string queue = "e2e-test-queue";
  std::string labels;    // a flow list, e.g. "[fast, smoke]"; "" leaves it out
  int num_batches = 0;   // 0 leaves it out (1)
  int batch_size = 0;    // 0 leaves it out (1)
  std::string interval;  // a Go duration; "" leaves it out
  std::string cpu = "100m";
  std::string rest;  // the second document
};

// The case's two YAML documents.
std::string Yaml(const ShellCase& test);

}  // namespace armada::cli::testing
