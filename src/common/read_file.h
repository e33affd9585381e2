// Reads a whole file into memory, with a bound on its size. The one
// whole-file reader of the project: test cases, client and executor configs,
// armada-localstack's settings, certificates and the small files the kernel
// exposes all go through it, so every caller refuses the same things with the
// same words. (The head or end of a file that may be large, such as a log, is
// file_tail.h's.)
//
// Errors (each message starts with the path):
// - "PATH: cannot read: REASON" when it cannot be opened or read (REASON is
//   strerror's text, e.g. "No such file or directory");
// - "PATH: is a directory, not a file";
// - "PATH: is larger than MAX bytes" when it holds more than max_bytes.
// A file whose size the kernel reports as 0 (as /proc and /sys files do) is
// read to its end, still bounded by max_bytes.
#pragma once

#include <cstddef>
#include <string>

#include "common/status.h"

namespace armada {

StatusOr<std::string> ReadFileToString(const std::string& path, std::size_t max_bytes);

}  // namespace armada
