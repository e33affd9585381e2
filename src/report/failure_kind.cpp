#include "report/failure_kind.h"

#include "report/result.h"

namespace armada::report {

bool IsGoTestFailure(FailureKind kind, ServerGeneration generation) {
  switch (kind) {
    case FailureKind::kEndedEarly:  // "unexpected event for job"
    case FailureKind::kReason:      // "error asserting failure reason"
      return true;
    case FailureKind::kCategories:  // "expected categories", only before v0.20.41
      return generation == ServerGeneration::kCategoriesList;
    case FailureKind::kNone:
    case FailureKind::kFailureCategory:
    case FailureKind::kFailureSubcategory:
    case FailureKind::kRetryable:
    case FailureKind::kOther:
      break;
  }
  return false;
}

ServerGeneration GenerationOfRun(const std::vector<TestResult>& results) {
  for (const TestResult& result : results) {
    if (result.generation_seen != ServerGeneration::kUnknown) return result.generation_seen;
  }
  return ServerGeneration::kUnknown;
}

}  // namespace armada::report
