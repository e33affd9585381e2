// Shell command lines for the deploy tests (scripts, cmake --install,
// installed binaries, the validators), run through the one test spawner
// (common/testing/spawn_logged.h).
//
// Contract:
// - RunShell runs `command` with /bin/sh -c in the current folder and waits
//   for it; output holds its stdout and stderr as written, exit_code its
//   exit status (128 + the signal when killed, as a shell reports it).
// - ShellQuote makes any string one shell word.
#pragma once

#include <string>

#include "common/testing/spawn_logged.h"

namespace armada::deploy::testing {

using ShellResult = common::testing::Ran;

ShellResult RunShell(const std::string& command);

std::string ShellQuote(const std::string& word);

// The repository root and build tree this test binary was built from.
std::string SourceDir();
std::string BinaryDir();

}  // namespace armada::deploy::testing
