// The end of a log file, for error messages and termination messages.
#pragma once

#include <cstddef>
#include <string>

namespace armada {

// The last max_lines lines among the file's last max_bytes bytes, as
// Kubernetes takes a failed container's log tail: a trailing newline is kept
// and does not start a line of its own; a line cut by the byte window counts
// as a line. Empty when the file is missing or empty.
std::string FileTail(const std::string& path, size_t max_lines, size_t max_bytes);

}  // namespace armada
