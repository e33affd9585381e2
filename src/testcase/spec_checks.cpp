#include "testcase/spec_checks.h"

#include <set>

#include "testcase/runnable.h"

namespace armada::testcase {

namespace {

// A label is a word --label can name on a command line: letters, digits,
// '-', '_', '.'; each once.
void CheckLabels(const api::TestSpec& spec, const SourceMap& positions, ErrorList* errors) {
  std::set<std::string> seen;
  for (int i = 0; i < spec.labels_size(); ++i) {
    const std::string path = "labels[" + std::to_string(i) + "]";
    if (errors->HasErrorUnder(path)) continue;
    const std::string& label = spec.labels(i);
    const SourcePosition at = positions.ValueOf(path).value_or(SourcePosition{1, 1});
    if (label.empty() ||
        label.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") != std::string::npos) {
      errors->Add(at, path,
                  "label \"" + label +
                      "\" must be a word of letters, digits, '-', '_' and '.', e.g. smoke");
    } else if (!seen.insert(label).second) {
      errors->Add(at, path, "label \"" + label + "\" is given twice");
    }
  }
}

}  // namespace

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
  CheckLabels(spec, positions, errors);
}

}  // namespace armada::testcase
