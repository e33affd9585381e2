#include "testcase/spec_checks.h"

#include <algorithm>
#include <set>

#include "testcase/edit_distance.h"
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

namespace {

// Where the file wrote path (either key spelling of its last part), else
// where it wrote `fallback`, else the start of the file.
SourcePosition PositionOf(const SourceMap& positions, const std::vector<std::string>& paths,
                          const std::string& fallback) {
  for (const std::string& path : paths) {
    if (auto at = positions.ValueOf(path)) return *at;
  }
  return positions.KeyOf(fallback).value_or(SourcePosition{1, 1});
}

std::string Joined(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
  return list;
}

void CheckCategory(const std::string& category, const std::string& path, SourcePosition at,
                   const WarningContext& context, ErrorList* warnings) {
  const std::vector<std::string>& known = *context.categories;
  if (category.empty() || std::find(known.begin(), known.end(), category) != known.end()) return;
  std::string message =
      "category \"" + category + "\" is never produced by " + context.categories_source + " (" +
      (known.empty() ? std::string("it produces none") : "its: " + Joined(known)) +
      "), so this expectation cannot hold there";
  if (auto closest = ClosestName(category, known)) {
    message += "; did you mean \"" + *closest + "\"?";
  }
  warnings->Add(at, path, message);
}

}  // namespace

void CheckTestSpecWarnings(const api::TestSpec& spec, const SourceMap& positions,
                           const WarningContext& context, ErrorList* warnings) {
  if (!spec.jobs().empty() && !spec.has_timeout() && !context.default_timeout.empty()) {
    warnings->Add(SourcePosition{1, 1}, "timeout",
                  "no timeout: `test` ends this case after " + context.default_timeout +
                      " (--timeout; Armada's runner would wait for ever); set `timeout:`");
  }
  if (!context.categories) return;
  for (int i = 0; i < spec.expected_events_size(); ++i) {
    if (!spec.expected_events(i).has_failed()) continue;
    const api::JobFailedEvent& failed = spec.expected_events(i).failed();
    const std::string event = "expectedEvents[" + std::to_string(i) + "]";
    for (int j = 0; j < failed.categories_size(); ++j) {
      const std::string path = event + ".failed.categories[" + std::to_string(j) + "]";
      CheckCategory(failed.categories(j), path, PositionOf(positions, {path}, event), context,
                    warnings);
    }
    CheckCategory(
        failed.failure_category(), event + ".failed.failureCategory",
        PositionOf(positions,
                   {event + ".failed.failureCategory", event + ".failed.failure_category"}, event),
        context, warnings);
  }
}

}  // namespace armada::testcase
