// Part of a file that may be large or still growing (a log, a termination
// message): its head or its end, each bounded. Whole small files are
// read_file.h's.
#pragma once

#include <cstddef>
#include <string>

namespace armada {

// The last max_lines lines among the file's last max_bytes bytes, as
// Kubernetes takes a failed container's log tail: a trailing newline is kept
// and does not start a line of its own; a line cut by the byte window counts
// as a line. Empty when the file is missing or empty.
std::string FileTail(const std::string& path, size_t max_lines, size_t max_bytes);

// The file's last max_bytes, starting after a newline when one lies in the
// cut part's first half (so a kept log starts on a whole line). Empty when
// the file is missing.
std::string FileEnd(const std::string& path, size_t max_bytes);

// The file's first max_bytes. Empty when the file is missing.
std::string FileHead(const std::string& path, size_t max_bytes);

}  // namespace armada
