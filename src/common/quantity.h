// Kubernetes resource quantities ("25Mi", "100m", "1.5Gi", "2", "1e3"), the
// notation of resources.requests and resources.limits.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace armada {

class Quantity {
 public:
  // Parses Kubernetes' quantity grammar: a signed decimal number followed by
  // a binary suffix (Ki Mi Gi Ti Pi Ei), a decimal suffix (n u m k M G T P E)
  // or a decimal exponent (e3, E-2). Anything else is an error naming the text.
  static StatusOr<Quantity> Parse(std::string_view text);

  // The amount rounded up to a whole unit, as Kubernetes' Value() does:
  // bytes for memory, cores for CPU.
  int64_t Value() const;
  // The amount in thousandths rounded up (millicores for CPU).
  int64_t MilliValue() const;
  // The exact amount, for comparisons that need no rounding.
  long double Amount() const { return amount_; }
  // The text it was parsed from.
  const std::string& text() const { return text_; }

 private:
  Quantity(long double amount, std::string text) : amount_(amount), text_(std::move(text)) {}
  long double amount_;
  std::string text_;
};

// Bytes as a person reads them, in Kubernetes' binary units with one decimal:
// "23.5Gi", "512.0Mi", "100" below 1Ki.
std::string HumanBytes(int64_t bytes);

}  // namespace armada
