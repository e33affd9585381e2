// Finds a file the project ships (e2e-config/...), for the tools that read
// one by default: under the working directory first, else under the nearest
// directory above the running binary that has it (the source tree for
// build/bin/, share/armada-testsuite/ for an installed bin/). Found from where
// the binary lies rather than from a path compiled in, so an installed copy
// finds its own.
#pragma once

#include <string>

#include "common/status.h"

namespace armada {

// `relative` e.g. "e2e-config/localstack.yaml"; `hint` ends the error, e.g.
// "pass --executor-config".
StatusOr<std::string> FindShippedFile(const std::string& relative, const std::string& hint);

}  // namespace armada
