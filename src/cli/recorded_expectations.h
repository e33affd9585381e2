// What `armada-testsuite record` writes into a test case: the expected
// events its jobs showed in one run, and the case's text rewritten with
// them.
//
// Contract:
// - Per job, the recorded events are, in the order seen: submitted; the
//   case's triggerEvent; the first preempted, reprioritized and ingressInfo;
//   and the job's end (succeeded, cancelled, or a failed that is not
//   retryable). Other events (queued, leased, pending, running, requests,
//   returned runs) depend on timing, so they are left out unless they are
//   the trigger.
// - A failed event is recorded with its reason as an anchored regex
//   (^quoted$, RE2::QuoteMeta) and its categories in the server's
//   generation: `categories` when the event carried them (v0.20.37 to
//   v0.20.40), `failureCategory`/`failureSubcategory` when it carried those
//   (v0.20.41 and later).
// - Every job must have ended and shown the same recorded events; otherwise
//   the result is an error saying which jobs differ and how, or which did
//   not end.
// - The timeout is three times the observed time, rounded up to 10 s, at
//   least 60 s.
// - RewriteCase replaces the top-level `expectedEvents` (or
//   `expected_events`) block and the `timeout` line of the case's text,
//   keeping every other line (comments, key order) as it was; without them
//   it adds both at the end of the last document. Comments inside the old
//   expectedEvents block go with it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/testspec.pb.h"
#include "common/status.h"
#include "report/result.h"

namespace armada::cli {

struct RecordedEvent {
  std::string name;  // camel, e.g. "failed"
  std::string reason;
  std::vector<std::string> categories;
  std::string failure_category, failure_subcategory;

  bool operator==(const RecordedEvent& other) const;
  // e.g. `failed (reason "OOMKilled", failureCategory oom)`, for messages.
  std::string Describe() const;
};

// The events every job of result showed (see the contract), or why not.
StatusOr<std::vector<RecordedEvent>> RecordedEventsOf(const api::TestSpec& spec,
                                                      const report::TestResult& result);

// The YAML lines of `expectedEvents:` holding events, ending in a newline.
std::string ExpectedEventsYaml(const std::vector<RecordedEvent>& events);

// "60s", "90s", ...: the timeout for a case observed to take `seconds`.
std::string RecordedTimeout(double seconds);

// The case's text with its expectedEvents block and timeout replaced.
std::string RewriteCase(std::string_view text, const std::string& expected_events_yaml,
                        const std::string& timeout);

}  // namespace armada::cli
