#include "report/outcome.h"

#include "report/result.h"

namespace armada::report {
namespace {

constexpr OutcomeInfo kOutcomes[] = {
    {Outcome::kPassed, "passed", JUnitElement::kNone},
    {Outcome::kFailed, "failed", JUnitElement::kFailure},
    {Outcome::kError, "error", JUnitElement::kError},
    {Outcome::kSkipped, "skipped", JUnitElement::kSkipped},
    {Outcome::kInterrupted, "interrupted", JUnitElement::kSkipped},
    {Outcome::kFlaky, "flaky", JUnitElement::kNone},
};

}  // namespace

const OutcomeInfo& InfoOf(Outcome outcome) {
  for (const OutcomeInfo& info : kOutcomes) {
    if (info.outcome == outcome) return info;
  }
  return kOutcomes[0];  // unreachable: every enumerator has a row
}

bool CountsAsPassed(Outcome outcome) {
  return outcome == Outcome::kPassed || outcome == Outcome::kFlaky;
}

const char* JUnitElementName(JUnitElement element) {
  switch (element) {
    case JUnitElement::kFailure:
      return "failure";
    case JUnitElement::kError:
      return "error";
    case JUnitElement::kSkipped:
      return "skipped";
    case JUnitElement::kNone:
      break;
  }
  return "";
}

int RunExitCode(const std::vector<TestResult>& results, int signal_number, bool fail_on_flaky) {
  if (signal_number != 0) return 128 + signal_number;
  bool failed = false, error = false, ran = false;
  for (const TestResult& result : results) {
    failed |=
        result.outcome == Outcome::kFailed || (fail_on_flaky && result.outcome == Outcome::kFlaky);
    error |= result.outcome == Outcome::kError;
    ran |= CountsAsPassed(result.outcome) || result.outcome == Outcome::kFailed;
  }
  if (error && !ran) return 2;
  if (failed || error) return 1;
  return 0;
}

}  // namespace armada::report
