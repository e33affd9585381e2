#include "common/quantity.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <limits>

namespace armada {
namespace {

Status Invalid(std::string_view text, const char* why) {
  return Status::Error("invalid quantity \"" + std::string(text) + "\": " + why);
}

// The multiplier a suffix stands for; false for an unknown suffix.
bool SuffixMultiplier(std::string_view suffix, long double* out) {
  struct Entry {
    std::string_view suffix;
    long double multiplier;
  };
  static const Entry kSuffixes[] = {
      {"", 1.0L},      {"n", 1e-9L},    {"u", 1e-6L},    {"m", 1e-3L},
      {"k", 1e3L},     {"M", 1e6L},     {"G", 1e9L},     {"T", 1e12L},
      {"P", 1e15L},    {"E", 1e18L},    {"Ki", 0x1p10L}, {"Mi", 0x1p20L},
      {"Gi", 0x1p30L}, {"Ti", 0x1p40L}, {"Pi", 0x1p50L}, {"Ei", 0x1p60L},
  };
  for (const Entry& e : kSuffixes) {
    if (e.suffix == suffix) {
      *out = e.multiplier;
      return true;
    }
  }
  return false;
}

int64_t CeilToInt64(long double v) {
  long double c = std::ceil(v);
  if (c >= static_cast<long double>(std::numeric_limits<int64_t>::max())) {
    return std::numeric_limits<int64_t>::max();
  }
  if (c <= static_cast<long double>(std::numeric_limits<int64_t>::min())) {
    return std::numeric_limits<int64_t>::min();
  }
  return static_cast<int64_t>(c);
}

}  // namespace

StatusOr<Quantity> Quantity::Parse(std::string_view text) {
  if (text.empty()) return Invalid(text, "empty");
  size_t i = 0;
  bool negative = false;
  if (text[i] == '+' || text[i] == '-') {
    negative = text[i] == '-';
    ++i;
  }
  size_t digits_start = i;
  size_t digits = 0;
  bool seen_point = false;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
    if (text[i] == '.') {
      if (seen_point) return Invalid(text, "more than one decimal point");
      seen_point = true;
    } else {
      ++digits;
    }
    ++i;
  }
  if (digits == 0) return Invalid(text, "expected a number");
  long double amount =
      std::strtold(std::string(text.substr(digits_start, i - digits_start)).c_str(), nullptr);

  std::string_view suffix = text.substr(i);
  long double multiplier = 1.0L;
  if (SuffixMultiplier(suffix, &multiplier)) {
    // A plain suffix ("E" and "Ei" included, which look like exponents).
  } else if (suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    std::string_view exponent = suffix.substr(1);
    size_t j = 0;
    if (exponent[j] == '+' || exponent[j] == '-') ++j;
    if (j == exponent.size()) return Invalid(text, "exponent without digits");
    for (; j < exponent.size(); ++j) {
      if (!std::isdigit(static_cast<unsigned char>(exponent[j]))) {
        return Invalid(text,
                       "unknown suffix (use Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E or "
                       "an exponent)");
      }
    }
    // Read digit by digit: atoi wraps a long exponent (1e4294967299) back
    // into range instead of refusing it.
    const bool negative_exponent = exponent[0] == '-';
    int e = 0;
    for (j = exponent[0] == '+' || exponent[0] == '-' ? 1 : 0; j < exponent.size(); ++j) {
      e = e * 10 + (exponent[j] - '0');
      if (e > 18) return Invalid(text, "exponent out of range");
    }
    if (negative_exponent ? e > 9 : e > 18) return Invalid(text, "exponent out of range");
    multiplier = std::pow(10.0L, negative_exponent ? -e : e);
  } else {
    return Invalid(
        text,
        "unknown suffix (use Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E or an exponent)");
  }
  amount *= multiplier;
  return Quantity(negative ? -amount : amount, std::string(text));
}

int64_t Quantity::Value() const { return CeilToInt64(amount_); }

int64_t Quantity::MilliValue() const { return CeilToInt64(amount_ * 1000.0L); }

std::string HumanBytes(int64_t bytes) {
  static constexpr const char* kUnits[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  auto amount = static_cast<long double>(bytes);
  size_t unit = 0;
  while (amount >= 1024 && unit + 1 < std::size(kUnits)) {
    amount /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0Lf%s" : "%.1Lf%s", amount, kUnits[unit]);
  return text;
}

}  // namespace armada
