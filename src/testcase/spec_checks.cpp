#include "testcase/spec_checks.h"

#include "testcase/runnable.h"

namespace armada::testcase {

void CheckTestSpec(const api::TestSpec& spec, const SourceMap& positions, ErrorList* errors) {
  for (const Refusal& refusal : RunTimeRefusals(spec)) {
    if (errors->HasErrorUnder(refusal.path)) continue;
    // Where to report it: the field's value, else (for a field the file
    // never wrote) the start of the file.
    const SourcePosition at = positions.ValueOf(refusal.path).value_or(SourcePosition{1, 1});
    errors->Add(at, refusal.path, refusal.message);
  }
  // Armada refuses a submission without a queue ("queue: empty"); say so here,
  // with the file, rather than when the run reaches the server.
  if (!spec.jobs().empty() && spec.queue().empty() && !errors->HasErrorUnder("queue")) {
    const SourcePosition at = positions.ValueOf("queue").value_or(SourcePosition{1, 1});
    errors->Add(at, "queue",
                "the test submits jobs but names no queue; add one, e.g. `queue: e2e-test-queue`");
  }
}

}  // namespace armada::testcase
