#include "common/file_tail.h"

#include <algorithm>
#include <fstream>

namespace armada {

namespace {

// The file's last max_bytes; *cut says whether anything came before them.
std::string LastBytes(const std::string& path, size_t max_bytes, bool* cut) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in.tellg();
  *cut = false;
  if (size <= 0) return "";
  const std::streamoff start =
      std::max<std::streamoff>(0, size - static_cast<std::streamoff>(max_bytes));
  in.seekg(start);
  std::string text(static_cast<size_t>(size - start), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  *cut = start > 0;
  return text;
}

}  // namespace

std::string FileTail(const std::string& path, size_t max_lines, size_t max_bytes) {
  bool ignored;
  const std::string text = LastBytes(path, max_bytes, &ignored);
  if (text.empty()) return "";
  size_t cut = text.size();
  for (size_t lines = 0; cut > 0 && lines < max_lines;) {
    cut = text.rfind('\n', cut - 1);
    if (cut == std::string::npos) return text;
    if (cut + 1 < text.size()) ++lines;
  }
  return text.substr(cut + 1);
}

std::string FileEnd(const std::string& path, size_t max_bytes) {
  bool cut;
  std::string text = LastBytes(path, max_bytes, &cut);
  if (cut) {
    const size_t newline = text.find('\n');
    if (newline != std::string::npos && newline < text.size() / 2) text.erase(0, newline + 1);
  }
  return text;
}

std::string FileHead(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string text(max_bytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(max_bytes));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

}  // namespace armada
