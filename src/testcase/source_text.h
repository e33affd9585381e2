// Test case files must be UTF-8 text. yaml-cpp accepts invalid UTF-8 and
// control characters without complaint and hands them on inside string
// values (which protobuf then refuses to send), and for binary garbage it
// reports errors that quote the garbage. Checking the bytes before parsing
// gives one clear error at the first bad byte instead.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "testcase/diagnostics.h"

namespace armada::testcase {

// Why text cannot be a YAML file, and where.
struct TextError {
  SourcePosition position;
  std::string message;
};

// The first thing in text that a YAML file may not hold: bytes that are not
// UTF-8, or a character outside YAML's printable set (a control character
// other than tab, line feed and carriage return; U+FFFE; U+FFFF). A UTF-8
// byte order mark at the start is allowed. Columns count bytes, as yaml-cpp's
// do, so this error and the parser's agree. nullopt when text is fine.
std::optional<TextError> FindInvalidText(std::string_view text);

}  // namespace armada::testcase
