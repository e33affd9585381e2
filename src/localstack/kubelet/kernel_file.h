// The one writer of the small files the kernel exposes (cgroup limits and
// membership, /proc/PID/uid_map and gid_map, /proc/sys): one write of the
// whole value through system calls, not a stream, since some are written
// several times per container. (Reading them is common/read_file.h's.)
//
// Contract: opens `path` for writing (no create) and writes `value` in one
// call. On success true; on failure false with errno the open's or the
// write's.
#pragma once

#include <string>
#include <string_view>

namespace armada::localstack {

bool WriteKernelFile(const std::string& path, std::string_view value);

}  // namespace armada::localstack
