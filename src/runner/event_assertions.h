// Checks that every job of a test shows the test's expected events in order.
//
// Contract:
// - Per job, the expected events must appear in order; other events may come
//   between them. Events of jobs the test did not submit are ignored.
// - A matching `failed` is checked further: `reason` is an RE2 regex that must
//   match somewhere in the actual reason; `categories`, when given, must equal
//   the actual ones once both are sorted; `failureCategory` and
//   `failureSubcategory`, when given, must be equal. A mismatch fails at once.
// - `retryable` is compared whenever a failed event meets an expected
//   `failed` (as Armada's runner since v0.22.5,
//   internal/testsuite/eventwatcher/validators.go@v0.22.7): a test expecting
//   `failed` fails on a retryable failure, one expecting `retryable: true`
//   on a terminal one. A retryable failed event met while another kind is
//   expected is not terminal (IsTerminal) and is passed over.
// - Each failure has a kind (report/failure_kind.h), and the failed events
//   seen tell the server's generation (categories list: v0.20.37..v0.20.40;
//   failureCategory or retryable: v0.20.41 on).
// - A job's terminal event (IsTerminal) before its expected sequence is
//   complete fails at once, naming the job, the expected and actual events.
// - With no expected events, every job is trivially complete.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

#include "api/event.pb.h"
#include "api/event_names.h"
#include "common/status.h"
#include "report/failure_kind.h"
#include "runner/event_fanout.h"
#include "runner/job_table.h"

namespace armada::runner {

// The expected sequence, with its reason regexes compiled.
class ExpectedEvents {
 public:
  // Compiles expected. REQUIRES: every entry names an event and its reason,
  // if any, is a valid RE2 regex (testcase/runnable.h); an entry breaking
  // that is still an error, for callers that did not load a test case.
  static StatusOr<ExpectedEvents> Compile(const std::vector<api::EventMessage>& expected);

  size_t size() const { return events_.size(); }
  const api::EventMessage& at(size_t i) const { return events_[i]; }
  // The compiled reason regex of entry i; null when it gives none.
  const RE2* reason(size_t i) const { return reasons_[i].get(); }

 private:
  std::vector<api::EventMessage> events_;
  std::vector<std::shared_ptr<const RE2>> reasons_;
};

class EventAssertions : public EventConsumer {
 public:
  // Checks the jobs in `jobs` now (the test's submitted jobs) and those
  // OnSubmitted adds; jobs interned otherwise are not the test's. `jobs`
  // must outlive this.
  EventAssertions(ExpectedEvents expected, const JobTable& jobs);

  // Advances the event's job through the expected sequence.
  void OnEvent(const api::EventMessage& event,
               std::chrono::system_clock::time_point received) override;
  // Checks the jobs numbered [first, end) too.
  void OnSubmitted(const JobTable& jobs, uint32_t first, uint32_t end,
                   std::chrono::system_clock::time_point sent) override;

  // A mismatch or early end was seen; failure() says which.
  bool failed() const { return !failure_.empty(); }
  const std::string& failure() const { return failure_; }
  // What the failure was; kNone while there is none.
  report::FailureKind failure_kind() const { return failure_kind_; }
  // The generation the failed events of the test's jobs showed so far.
  report::ServerGeneration generation_seen() const { return generation_; }
  // Every job submitted so far has shown its whole expected sequence.
  bool complete() const { return jobs_done_ == progress_.size(); }

  // For a test that ran out of time: the jobs grouped by the events they
  // received, each group with the expected events still missing.
  std::string DescribeMissing() const;

 private:
  // How far one job has come through the expected sequence. A test may
  // track 100 000 jobs, so this is small: no id (the JobTable has it) and
  // the received kinds as one byte each, in a string that keeps up to 15
  // of them without allocating.
  struct JobMatch {
    uint32_t matched = 0;
    // Per event received: its index in EventKinds() + 1, or 0 for an
    // unknown kind.
    std::string received;
  };
  struct Mismatch {
    report::FailureKind kind = report::FailureKind::kNone;  // kNone: it matches
    std::string message;
  };
  // How actual fails to satisfy expected entry i.
  Mismatch CheckMatch(size_t i, const api::EventMessage& actual) const;
  void NoteGeneration(const api::EventMessage& event);

  ExpectedEvents expected_;
  const JobTable& jobs_;
  std::vector<JobMatch> progress_;  // by job number
  size_t jobs_done_ = 0;
  std::string failure_;
  report::FailureKind failure_kind_ = report::FailureKind::kNone;
  report::ServerGeneration generation_ = report::ServerGeneration::kUnknown;
};

}  // namespace armada::runner
