#include "testcase/yaml_integer.h"

namespace armada::testcase {
namespace {

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;  // no digit in any base
}

bool AllDigits(const std::string& digits, int base) {
  if (digits.empty()) return false;
  for (char c : digits) {
    if (DigitValue(c) >= base) return false;
  }
  return true;
}

}  // namespace

long double YamlInteger::value() const {
  const long double size = static_cast<long double>(magnitude);
  return negative ? -size : size;
}

std::string YamlInteger::DecimalText() const {
  return (negative && magnitude != 0 ? "-" : "") + std::to_string(magnitude);
}

std::optional<YamlInteger> ParseYamlInteger(std::string_view text) {
  // go-yaml types a plain scalar by its first character, before dropping
  // underscores: `_1` is a string.
  if (text.empty() || !(text[0] == '-' || text[0] == '+' || (text[0] >= '0' && text[0] <= '9'))) {
    return std::nullopt;
  }
  std::string digits;
  for (char c : text) {
    if (c != '_') digits += c;
  }
  YamlInteger integer;
  size_t at = 0;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    integer.negative = digits[0] == '-';
    at = 1;
  }
  int base = 10;
  if (digits.size() > at + 1 && digits[at] == '0') {
    switch (digits[at + 1]) {
      case 'x':
      case 'X':
        base = 16;
        at += 2;
        break;
      case 'o':
      case 'O':
        base = 8;
        at += 2;
        break;
      case 'b':
      case 'B':
        base = 2;
        at += 2;
        break;
      default:
        // 012 is octal; 09 is not, and go-yaml falls back to reading it as
        // the (decimal) float 9.
        if (AllDigits(digits.substr(at + 1), 8)) base = 8;
        ++at;
        break;
    }
  }
  digits.erase(0, at);
  if (!AllDigits(digits, base)) return std::nullopt;
  constexpr unsigned long long kMax = ~0ULL;
  for (char c : digits) {
    const auto digit = static_cast<unsigned long long>(DigitValue(c));
    if (integer.magnitude > (kMax - digit) / static_cast<unsigned long long>(base)) {
      integer.overflow = true;
      integer.magnitude = 0;
      return integer;
    }
    integer.magnitude = integer.magnitude * static_cast<unsigned long long>(base) + digit;
  }
  return integer;
}

}  // namespace armada::testcase
