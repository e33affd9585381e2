// A failed event's details read back from a timeline: the inverse of the
// runner's EventDetails (runner/event_facts.h), whose text a JobTimeline
// keeps, e.g. `reason "OOMKilled", categories [oom, user_error],
// failureCategory oom, failureSubcategory x, retryable`. Lifecycle
// coverage reads the categories and the retryable flag from it, `record`
// the whole.
//
// Contract: parts are optional and in that order; the reason is everything
// between the first quote after `reason ` and the last quote of the text
// (no other part holds a quote), so a reason may itself hold quotes and
// commas.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace armada::report {

struct FailedDetails {
  std::string reason;
  std::vector<std::string> categories;  // v0.20.37-v0.20.40
  std::string failure_category;         // v0.20.41 and later
  std::string failure_subcategory;
  bool retryable = false;
};

FailedDetails ParseFailedDetails(std::string_view detail);

}  // namespace armada::report
