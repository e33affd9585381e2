#include "testcase/source_text.h"

#include <cstdint>
#include <cstdio>

namespace armada::testcase {
namespace {

std::string Hex(const char* format, uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// YAML 1.2's c-printable, less what UTF-8 decoding already excludes.
bool IsPrintable(uint32_t c) {
  if (c < 0x80) return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0x7F);
  if (c < 0xA0) return c == 0x85;
  return c != 0xFFFE && c != 0xFFFF;
}

}  // namespace

std::optional<TextError> FindInvalidText(std::string_view text) {
  int line = 1;
  size_t line_start = 0;
  size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < text.size()) {
    const auto at = [&] { return SourcePosition{line, static_cast<int>(i - line_start + 1)}; };
    const auto lead = static_cast<unsigned char>(text[i]);
    const auto not_utf8 = [&] {
      return TextError{at(), "byte " + Hex("0x%02X", lead) +
                                 " is not UTF-8 text; test cases must be UTF-8 (is this a "
                                 "binary file, or text in another encoding?)"};
    };
    if (lead == '\n') {
      ++line;
      line_start = ++i;
      continue;
    }
    if (lead == 0) {
      return TextError{at(),
                       "a NUL byte: test cases must be UTF-8 text (is this a binary file, or "
                       "UTF-16 or UTF-32 text?)"};
    }
    size_t length = 1;
    uint32_t code = lead;
    uint32_t smallest = 0;
    if (lead >= 0x80) {
      if ((lead & 0xE0) == 0xC0) {
        length = 2, code = lead & 0x1F, smallest = 0x80;
      } else if ((lead & 0xF0) == 0xE0) {
        length = 3, code = lead & 0x0F, smallest = 0x800;
      } else if ((lead & 0xF8) == 0xF0) {
        length = 4, code = lead & 0x07, smallest = 0x10000;
      } else {
        return not_utf8();
      }
      if (text.size() - i < length) return not_utf8();
      for (size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) return not_utf8();
        code = (code << 6) | (next & 0x3F);
      }
      // Overlong forms, UTF-16 surrogates and code points past Unicode's end
      // are not UTF-8 either.
      if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return not_utf8();
      }
    }
    if (!IsPrintable(code)) {
      return TextError{at(), "control character " + Hex("U+%04X", code) +
                                 " is not allowed in a YAML file; write it as an escape "
                                 "(\"\\u....\") inside a double-quoted string"};
    }
    i += length;
  }
  return std::nullopt;
}

}  // namespace armada::testcase
