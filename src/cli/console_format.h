// The run console's line format: "HH:MM:SS.mmm LEVEL message", one entry
// per line as a reader (or grep) expects, so a message of several lines (a
// failure reason holding a job's log, a server's warning) keeps its second
// and later lines indented by four spaces under its first: every line that
// starts at column 0 starts an entry.
#pragma once

#include <spdlog/formatter.h>

#include <memory>

namespace armada::cli {

std::unique_ptr<spdlog::formatter> ConsoleFormatter();

}  // namespace armada::cli
