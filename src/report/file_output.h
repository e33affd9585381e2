// Writing a report file whole: to a temporary file renamed into place, so an
// interrupted run never leaves a half-written report. Every report that
// writes a file (JUnit, JSON, HTML, benchmark) goes through here.
#pragma once

#include <string>

#include "common/status.h"

namespace armada::report {

// Writes text to path via path + ".tmp"; what names the report in errors
// ("JSON report"), e.g. "cannot write JSON report out/r.json: No such file".
Status WriteWhole(const std::string& path, const std::string& text, const std::string& what);

// Appends text to path (created when missing), as GitHub's step summary
// file wants.
Status AppendTo(const std::string& path, const std::string& text, const std::string& what);

}  // namespace armada::report
