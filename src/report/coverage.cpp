#include "report/coverage.h"

#include <nlohmann/json.hpp>

#include "api/event_names.h"
#include "report/coverage_graph.h"
#include "report/failed_details.h"
#include "report/xml_text.h"

namespace armada::report {
namespace {

std::string EventCamel(api::EventMessage::EventsCase event) {
  for (const EventKind& kind : EventKinds()) {
    if (kind.oneof_case == event) return std::string(kind.camel);
  }
  return "";
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

Coverage::Coverage() {
  for (const lifecycle::Transition& t : lifecycle::Transitions()) rows_.push_back({&t, {}});
}

void Coverage::Add(const std::vector<TestResult>& results) {
  for (const TestResult& result : results) {
    tests_.insert(result.name);
    for (const JobTimeline& job : result.jobs) AddJob(result.name, job);
  }
}

void Coverage::AddJob(const std::string& test, const JobTimeline& job) {
  lifecycle::JobState state = lifecycle::JobState::kStart;
  const lifecycle::Transition* first = lifecycle::Transitions().data();
  for (size_t i = 0; i < job.events.size(); ++i) {
    const auto event = EventKinds().at(job.events[i].kind).oneof_case;
    const bool failed = event == api::EventMessage::kFailed;
    const FailedDetails details = failed ? ParseFailedDetails(job.Detail(i)) : FailedDetails();
    const lifecycle::StepResult step = lifecycle::Step(&state, event, details.retryable);
    if (step.taken != nullptr) rows_[static_cast<size_t>(step.taken - first)].tests.insert(test);
    for (const std::string& category : details.categories) {
      categories_[kCategoriesGeneration][category].insert(test);
    }
    if (!details.failure_category.empty()) {
      categories_[kFailureCategoryGeneration][details.failure_category].insert(test);
    }
  }
}

size_t Coverage::covered() const {
  size_t n = 0;
  for (const Row& row : rows_) n += row.tests.empty() ? 0 : 1;
  return n;
}

void PrintCoverage(std::ostream& out, const Coverage& coverage) {
  out << "lifecycle coverage: " << coverage.covered() << "/" << coverage.total()
      << " transitions taken by " << coverage.tests() << " test(s)\n";
  if (coverage.covered() < coverage.total()) {
    out << "untaken (and the kind of case that would take each):\n";
    for (const Coverage::Row& row : coverage.rows()) {
      if (!row.tests.empty()) continue;
      out << "  " << lifecycle::TransitionName(*row.transition) << ": " << row.transition->how
          << "\n";
    }
  }
  if (coverage.categories().empty()) {
    out << "failure categories: none seen\n";
    return;
  }
  out << "failure categories seen:\n";
  for (const auto& [generation, categories] : coverage.categories()) {
    for (const auto& [category, tests] : categories) {
      out << "  " << generation << " " << category << ": " << Join(tests) << "\n";
    }
  }
}

std::string CoverageJsonText(const Coverage& coverage) {
  using nlohmann::json;
  json transitions = json::array();
  for (const Coverage::Row& row : coverage.rows()) {
    const lifecycle::Transition& t = *row.transition;
    transitions.push_back({{"from", std::string(lifecycle::StateName(t.from))},
                           {"event", EventCamel(t.event)},
                           {"retryable", t.retryable},
                           {"to", std::string(lifecycle::StateName(t.to))},
                           {"taken", !row.tests.empty()},
                           {"tests", row.tests},
                           {"source", std::string(t.source)},
                           {"how", std::string(t.how)}});
  }
  json categories = json::array();
  for (const auto& [generation, by_name] : coverage.categories()) {
    for (const auto& [category, tests] : by_name) {
      categories.push_back({{"generation", generation}, {"category", category}, {"tests", tests}});
    }
  }
  const json doc = {{"covered", coverage.covered()},
                    {"total", coverage.total()},
                    {"transitions", std::move(transitions)},
                    {"failureCategories", std::move(categories)}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace);
}

std::string CoverageHtmlSection(const Coverage& coverage) {
  std::string out = "<section class=\"coverage\" id=\"coverage\"><h2>Lifecycle coverage</h2>";
  out += "<p class=\"coverage-count\">" + std::to_string(coverage.covered()) + "/" +
         std::to_string(coverage.total()) +
         " transitions of Armada's job lifecycle taken (taken edges drawn solid and green, "
         "untaken dashed)</p>";
  out += LifecycleGraphSvg(coverage);
  out +=
      "<table class=\"summary coverage-table\"><tr><th>Transition</th><th>Taken by</th>"
      "<th>Would be taken by</th></tr>";
  for (const Coverage::Row& row : coverage.rows()) {
    out += std::string("<tr class=\"") + (row.tests.empty() ? "untaken" : "taken") + "\"><td>" +
           HtmlText(lifecycle::TransitionName(*row.transition)) + "</td><td>" +
           HtmlText(Join(row.tests)) + "</td><td>" + HtmlText(row.transition->how) + "</td></tr>";
  }
  out += "</table>";
  if (!coverage.categories().empty()) {
    out +=
        "<table class=\"summary coverage-categories\"><tr><th>Generation</th>"
        "<th>Category</th><th>Tests</th></tr>";
    for (const auto& [generation, categories] : coverage.categories()) {
      for (const auto& [category, tests] : categories) {
        out += "<tr><td>" + HtmlText(generation) + "</td><td>" + HtmlText(category) + "</td><td>" +
               HtmlText(Join(tests)) + "</td></tr>";
      }
    }
    out += "</table>";
  }
  return out + "</section>";
}

}  // namespace armada::report
