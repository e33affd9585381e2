#include "testcase/duration.h"

#include <cstdint>
#include <cstdlib>
#include <limits>

namespace armada::testcase {
namespace {

constexpr uint64_t kNanosPerSecond = 1000000000;
// Go's time.Duration is an int64 of nanoseconds; its magnitude limit is ours.
constexpr uint64_t kMaxMagnitude = uint64_t{1} << 63;

Status DurationError(std::string_view text, const std::string& why) {
  return Status::Error("invalid duration \"" + std::string(text) + "\": " + why +
                       " (write it as Go does, e.g. 300s, 1m30s, 100ms)");
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Nanoseconds per unit, or 0 for a unit Go does not know.
uint64_t UnitNanos(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xc2\xb5s" || unit == "\xce\xbcs") return 1000;  // µs, μs
  if (unit == "ms") return 1000000;
  if (unit == "s") return kNanosPerSecond;
  if (unit == "m") return 60 * kNanosPerSecond;
  if (unit == "h") return 3600 * kNanosPerSecond;
  return 0;
}

}  // namespace

StatusOr<google::protobuf::Duration> ParseGoDuration(std::string_view text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  google::protobuf::Duration result;
  if (s == "0") return result;
  if (s.empty()) return DurationError(text, "it is empty");

  unsigned __int128 total = 0;
  while (!s.empty()) {
    // The whole part may be as large as the limit; the fraction keeps at most
    // 18 digits, which is finer than a nanosecond for every unit.
    unsigned __int128 whole = 0;
    bool has_whole = false;
    while (!s.empty() && IsDigit(s[0])) {
      whole = whole * 10 + static_cast<unsigned>(s[0] - '0');
      if (whole > kMaxMagnitude) return DurationError(text, "it is too large");
      has_whole = true;
      s.remove_prefix(1);
    }
    uint64_t fraction = 0;
    uint64_t scale = 1;
    bool has_fraction = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      while (!s.empty() && IsDigit(s[0])) {
        if (scale < 1000000000000000000ULL) {
          fraction = fraction * 10 + static_cast<unsigned>(s[0] - '0');
          scale *= 10;
        }
        has_fraction = true;
        s.remove_prefix(1);
      }
    }
    if (!has_whole && !has_fraction) return DurationError(text, "a number is missing");

    size_t unit_length = 0;
    while (unit_length < s.size() && s[unit_length] != '.' && !IsDigit(s[unit_length])) {
      ++unit_length;
    }
    if (unit_length == 0) return DurationError(text, "a unit is missing after a number");
    const std::string_view unit = s.substr(0, unit_length);
    const uint64_t unit_nanos = UnitNanos(unit);
    if (unit_nanos == 0) {
      return DurationError(
          text, "unknown unit \"" + std::string(unit) + "\" (units are ns, us, µs, ms, s, m, h)");
    }
    s.remove_prefix(unit_length);

    total += whole * unit_nanos + static_cast<unsigned __int128>(fraction) * unit_nanos / scale;
    if (total > kMaxMagnitude) return DurationError(text, "it is too large");
  }
  if (!negative && total == kMaxMagnitude) return DurationError(text, "it is too large");

  const int64_t magnitude_seconds = static_cast<int64_t>(total / kNanosPerSecond);
  const int32_t magnitude_nanos = static_cast<int32_t>(total % kNanosPerSecond);
  result.set_seconds(negative ? -magnitude_seconds : magnitude_seconds);
  result.set_nanos(negative ? -magnitude_nanos : magnitude_nanos);
  return result;
}

std::string FormatGoDuration(const google::protobuf::Duration& duration) {
  const bool negative = duration.seconds() < 0 || duration.nanos() < 0;
  const uint64_t seconds = static_cast<uint64_t>(std::llabs(duration.seconds()));
  const uint32_t nanos = static_cast<uint32_t>(std::abs(duration.nanos()));
  std::string out = negative ? "-" : "";
  out += std::to_string(seconds);
  if (nanos != 0) {
    std::string digits = std::to_string(nanos);
    digits.insert(0, 9 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out + "s";
}

}  // namespace armada::testcase
