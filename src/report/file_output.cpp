#include "report/file_output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace armada::report {

Status WriteWhole(const std::string& path, const std::string& text, const std::string& what) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    if (!file)
      return Status::Error("cannot write " + what + " " + tmp + ": " + std::strerror(errno));
    file << text;
    file.flush();
    if (!file)
      return Status::Error("cannot write " + what + " " + tmp + ": " + std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string err = std::strerror(errno);
    std::remove(tmp.c_str());
    return Status::Error("cannot write " + what + " " + path + ": " + err);
  }
  return Status();
}

Status AppendTo(const std::string& path, const std::string& text, const std::string& what) {
  std::ofstream file(path, std::ios::binary | std::ios::app);
  if (!file)
    return Status::Error("cannot append to " + what + " " + path + ": " + std::strerror(errno));
  file << text;
  file.flush();
  if (!file)
    return Status::Error("cannot append to " + what + " " + path + ": " + std::strerror(errno));
  return Status();
}

}  // namespace armada::report
