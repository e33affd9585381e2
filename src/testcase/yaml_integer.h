// Plain YAML integers as Armada's loader reads them. Armada parses test cases
// with go-yaml v2 (through sigs.k8s.io/yaml), which follows YAML 1.1 and Go's
// strconv rather than YAML 1.2: a leading 0 means octal, so `012` is 10.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace armada::testcase {

// An integer's sign and size, kept apart so that every int64 and uint64
// value is exact.
struct YamlInteger {
  bool negative = false;
  unsigned long long magnitude = 0;
  // The digits make an integer, but one beyond 64 bits; magnitude is then 0.
  bool overflow = false;

  // The value, exact for anything that fits 64 bits (signed or unsigned).
  long double value() const;
  // The value in decimal, which is what Armada's loader writes when a plain
  // integer is given for a string field (`012` becomes "10").
  std::string DecimalText() const;
};

// Reads text as go-yaml v2 reads a plain scalar that starts with a digit or
// sign: underscores are dropped, an optional + or - is followed by 0x/0X and
// hex digits, 0o/0O and octal digits, 0b/0B and binary digits, 0 and octal
// digits (YAML 1.1 octal: 012 is 10), or decimal digits. Digits with a
// leading 0 that are not octal (`09`) go-yaml reads as the float 9, which
// reaches every field as 9, so they are read here as decimal. nullopt when
// text is no integer (then it is a float, a string or something else).
std::optional<YamlInteger> ParseYamlInteger(std::string_view text);

}  // namespace armada::testcase
