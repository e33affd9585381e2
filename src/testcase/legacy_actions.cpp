#include "testcase/legacy_actions.h"

#include <string>

#include "testcase/runnable.h"
#include "testcase/yaml_to_proto.h"

namespace armada::testcase {
namespace {

SourcePosition Where(const SourceMap& positions, const std::string& path) {
  return positions.KeyOf(path).value_or(SourcePosition{1, 1});
}

}  // namespace

void RefuseOldestCancelForm(YAML::Node document, ErrorList* errors) {
  if (!document.IsMap()) return;
  // A const lookup: a non-const operator[] would add the key.
  const YAML::Node& lookup = document;
  const YAML::Node cancel = lookup["cancel"];
  if (!cancel.IsDefined() || !cancel.IsScalar() || cancel.IsNull()) return;
  const std::string& value = cancel.Scalar();
  std::string newer;
  if (value == "BY_ID") newer = "action: ACTION_CANCEL with selection: SELECTION_BY_ID";
  if (value == "BY_IDS") newer = "action: ACTION_CANCEL with selection: SELECTION_BY_IDS";
  if (value == "BY_SET") newer = "action: ACTION_CANCEL with selection: SELECTION_BY_SET";
  if (value == "NO") newer = "no action key at all";
  if (newer.empty()) return;  // not the old enum: the reader reports it as usual
  const bool by_set = value == "BY_SET";
  errors->Add(PositionOf(cancel.Mark()), "cancel",
              "`cancel: " + value +
                  "` is the form of Armada's test cases before 4c003adc6 (2026-02) and is not "
                  "read; write " +
                  newer + " (Armada 2026-02..08), or today's `" +
                  (by_set ? "cancelJobSet" : "cancel") + ":` with an empty `request:`");
  document.remove("cancel");
}

void CheckLegacyActions(const api::TestSpec& spec, const SourceMap& positions, ErrorList* errors) {
  using api::TestSpec;
  const bool has_action = spec.action() != TestSpec::ACTION_NONE;
  const bool has_selection = spec.selection() != TestSpec::SELECTION_NO;
  if (has_action && !has_selection) {
    errors->Add(Where(positions, "action"), "action",
                TestSpec::ActionType_Name(spec.action()) +
                    " needs a selection: SELECTION_BY_ID, SELECTION_BY_SET or SELECTION_BY_IDS");
  }
  if (!has_action && has_selection) {
    errors->Add(Where(positions, "selection"), "selection",
                "selection without an action; add action: ACTION_CANCEL or ACTION_PREEMPT");
  }
  if (!spec.preempt_reason().empty() && spec.action() != TestSpec::ACTION_PREEMPT) {
    errors->Add(Where(positions, "preemptReason"), "preemptReason",
                "preemptReason is only read with action: ACTION_PREEMPT");
  }
  if (has_action && HasAction(spec)) {
    errors->Add(Where(positions, "action"), "action",
                "action (Armada's 2026-02..08 form) and a grouped action (cancel, cancelJobSet, "
                "preempt, reprioritize, cancelOnNode, preemptOnNode) are both given; keep one");
  }
}

void TranslateLegacyActions(api::TestSpec* spec) {
  using api::TestSpec;
  const TestSpec::ActionType action = spec->action();
  const bool by_set = spec->selection() == TestSpec::SELECTION_BY_SET;
  if (action == TestSpec::ACTION_CANCEL) {
    if (by_set) {
      spec->mutable_cancel_job_set()->mutable_request();
    } else {
      spec->mutable_cancel()->mutable_request();
    }
    // That generation's runner cancelled as soon as the jobs were submitted.
    if (spec->trigger_event().empty()) spec->set_trigger_event("submitted");
  } else if (action == TestSpec::ACTION_PREEMPT) {
    api::JobPreemptConfig* preempt = spec->mutable_preempt();
    preempt->mutable_request()->set_reason(spec->preempt_reason());
    preempt->set_by_job_set(by_set);
  }
  spec->clear_action();
  spec->clear_selection();
  spec->clear_preempt_reason();
}

}  // namespace armada::testcase
