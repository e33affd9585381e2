// Armada's test cases have spelled a test's action three ways (README,
// "Differences from Armada's Go testsuite"):
// - until 4c003adc6 (2026-02-25): `cancel: BY_ID` (an enum, field 9);
// - until 322a3a3c9 (2026-08-18), the seeds' generation (9f3c095de):
//   `action: ACTION_CANCEL|ACTION_PREEMPT`, `selection: SELECTION_BY_ID|
//   SELECTION_BY_SET|SELECTION_BY_IDS`, `preemptReason: TEXT`;
// - since: grouped actions (`cancel: {request: }`, `preempt:`, ...).
// The runner runs only the grouped form; the loader turns the seeds' form
// into it, as that generation's runner acted:
// - ACTION_CANCEL cancels right after submission (triggerEvent `submitted`
//   unless the file sets one): BY_ID and BY_IDS by job id (`cancel`), BY_SET
//   the whole job set (`cancelJobSet`);
// - ACTION_PREEMPT preempts once every job runs (the grouped default): BY_ID
//   and BY_IDS by job id, BY_SET by job set (`preempt.byJobSet`), with
//   preemptReason as the request's reason.
// The oldest form is refused, with a hint naming the newer keys.
#pragma once

#include <yaml-cpp/yaml.h>

#include "api/testspec.pb.h"
#include "testcase/diagnostics.h"

namespace armada::testcase {

// Reports a top-level `cancel:` given a scalar (the pre-4c003adc6 enum form)
// in document with a hint naming the newer keys, and removes that key from
// document so the reader does not report it again.
void RefuseOldestCancelForm(YAML::Node document, ErrorList* errors);

// Adds an error for each inconsistent use of the seeds' keys (an action
// without a selection, a selection or preemptReason without an action,
// preemptReason on a cancel, the seeds' keys beside a grouped action);
// positions place them. REQUIRES: spec is as read, before
// TranslateLegacyActions.
void CheckLegacyActions(const api::TestSpec& spec, const SourceMap& positions, ErrorList* errors);

// Rewrites the seeds' action keys of spec into the grouped form above and
// clears them. A spec without them is left alone. REQUIRES: spec passed
// CheckLegacyActions without errors.
void TranslateLegacyActions(api::TestSpec* spec);

}  // namespace armada::testcase
