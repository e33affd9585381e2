// What made a test fail, as far as Armada's Go testsuite tells failures
// apart, and the rule by which its pushgateway metrics split them into
// test_failure and test_timeout.
//
// Armada's runner decides from its failure message's text
// (internal/testsuite/app.go, Describe, at v0.20.40 and v0.22.7):
// test_failure when the message holds "unexpected event for job" (a job
// ended before its expected events), "error asserting failure reason" or
// "expected categories"; test_timeout for every other failure. Which of its
// messages exist depends on the generation
// (internal/testsuite/eventwatcher/validators.go):
//   - v0.20.37..v0.20.40 compare reason and categories, so a categories
//     mismatch is a test_failure;
//   - v0.20.41 on compare reason, failure_category, failure_subcategory and
//     (v0.22.5 on) retryable, and only the reason's message is one of the
//     three: a category, subcategory or retryable mismatch is a
//     test_timeout.
// This runner states the kind (FailureKind) and maps it with the rule of the
// generation the run's events showed, so dashboards read as with Go.
#pragma once

#include <vector>

namespace armada::report {

enum class FailureKind {
  kNone,                // passed, or not run for a stated reason (skipped)
  kEndedEarly,          // a job's terminal event came before its expected events
  kReason,              // a failed event's reason did not match
  kCategories,          // categories (list form) differed
  kFailureCategory,     // failureCategory differed
  kFailureSubcategory,  // failureSubcategory differed
  kRetryable,           // a failed event's retryable differed from the expectation
  kOther,               // the timeout, an action, a queue or lifecycle check, setup, a signal
};

// The server generation, as its failed events show it.
enum class ServerGeneration {
  kUnknown,          // no failed event told: the rule of Armada's HEAD (v0.22.7)
  kCategoriesList,   // v0.20.37..v0.20.40: `categories` on failed events
  kFailureCategory,  // v0.20.41 on: failureCategory (and retryable)
};

// Whether Go's runner of that generation pushes test_failure = 1 for a
// failure of this kind (else, for any failure, test_timeout = 1).
bool IsGoTestFailure(FailureKind kind, ServerGeneration generation);

struct TestResult;

// The generation a run's tests saw: the first test's that saw one (a server
// has one generation), else kUnknown.
ServerGeneration GenerationOfRun(const std::vector<TestResult>& results);

}  // namespace armada::report
