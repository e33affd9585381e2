// Durations as Go writes them (time.ParseDuration), the notation Armada's test
// cases use for timeout and interval: "300s", "1m30s", "100ms", "1.5h".
#pragma once

#include <google/protobuf/duration.pb.h>

#include <string>
#include <string_view>

#include "common/status.h"

namespace armada::testcase {

// Parses Go's duration grammar: an optional sign, then one or more
// <decimal number><unit> terms with units ns, us, µs, ms, s, m, h; "0" alone
// is also accepted. The result is exact to the nanosecond (Go truncates finer
// fractions, and so does this). Amounts beyond Go's ±292 years are an error,
// as are an empty text, a missing unit and an unknown unit.
StatusOr<google::protobuf::Duration> ParseGoDuration(std::string_view text);

// Formats a duration so that ParseGoDuration reads it back exactly, as whole
// seconds with a fraction when needed ("90s", "0.1s", "-1.000000001s").
// Precondition: seconds and nanos do not have opposite signs (protobuf's rule).
std::string FormatGoDuration(const google::protobuf::Duration& duration);

}  // namespace armada::testcase
