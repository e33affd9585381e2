#include "testcase/test_spec_checks.h"

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
}

}  // namespace armada::testcase
