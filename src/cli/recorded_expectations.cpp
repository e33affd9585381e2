#include "cli/recorded_expectations.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "api/event_names.h"
#include "report/failed_details.h"

namespace armada::cli {
namespace {

std::string Quoted(const std::string& text) {
  YAML::Emitter out;
  out << YAML::DoubleQuoted << text;
  return out.c_str();
}

std::string Describe(const std::vector<RecordedEvent>& events) {
  std::string out;
  for (const RecordedEvent& event : events) out += (out.empty() ? "" : ", ") + event.Describe();
  return out.empty() ? "no events" : out;
}

// The recorded events of one job; ended tells whether it ended.
std::vector<RecordedEvent> OfJob(const report::JobTimeline& job, const std::string& trigger,
                                 bool* ended) {
  std::vector<RecordedEvent> out;
  *ended = false;
  for (size_t i = 0; i < job.events.size(); ++i) {
    const std::string name(job.EventName(i));
    const bool once = name == "submitted" || name == trigger || name == "preempted" ||
                      name == "reprioritized" || name == "ingressInfo";
    const bool end = name == "succeeded" || name == "cancelled" || name == "failed";
    if (!once && !end) continue;
    RecordedEvent event;
    event.name = name;
    if (name == "failed") {
      const report::FailedDetails details = report::ParseFailedDetails(job.Detail(i));
      if (details.retryable) continue;  // a run failed, not the job
      event.reason = details.reason;
      event.categories = details.categories;
      event.failure_category = details.failure_category;
      event.failure_subcategory = details.failure_subcategory;
    }
    bool seen = false;
    for (const RecordedEvent& earlier : out) seen = seen || earlier.name == name;
    if (!seen) out.push_back(std::move(event));
    if (end) {
      *ended = true;
      break;
    }
  }
  return out;
}

// The lines of text, each with its line end.
std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    lines.emplace_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

bool IsDocumentStart(const std::string& line) {
  return line.rfind("---", 0) == 0 &&
         (line.size() == 3 || line[3] == '\n' || line[3] == ' ' || line[3] == '\r');
}

bool IsBlank(const std::string& line) {
  return line.find_first_not_of(" \t\r\n") == std::string::npos;
}

// True for a top-level `key:` line.
bool IsKey(const std::string& line, std::string_view key) {
  return line.rfind(key, 0) == 0 && line.size() > key.size() && line[key.size()] == ':';
}

// [begin, end) of the block of the top-level key at line i: its line and
// what is indented (or a sequence, or a comment) below it, less trailing
// blank and comment lines, which belong to what follows.
std::pair<size_t, size_t> Block(const std::vector<std::string>& lines, size_t i) {
  size_t j = i + 1;
  while (j < lines.size() && !IsDocumentStart(lines[j]) &&
         (IsBlank(lines[j]) || lines[j][0] == ' ' || lines[j][0] == '\t' || lines[j][0] == '-' ||
          lines[j][0] == '#')) {
    ++j;
  }
  while (j > i + 1 && (IsBlank(lines[j - 1]) || lines[j - 1][0] == '#')) --j;
  return {i, j};
}

std::optional<size_t> FindKey(const std::vector<std::string>& lines,
                              std::initializer_list<std::string_view> spellings) {
  for (size_t i = 0; i < lines.size(); ++i) {
    for (std::string_view key : spellings) {
      if (IsKey(lines[i], key)) return i;
    }
  }
  return std::nullopt;
}

}  // namespace

bool RecordedEvent::operator==(const RecordedEvent& other) const {
  return name == other.name && reason == other.reason && categories == other.categories &&
         failure_category == other.failure_category &&
         failure_subcategory == other.failure_subcategory;
}

std::string RecordedEvent::Describe() const {
  std::string details;
  const auto add = [&details](const std::string& part) {
    details += (details.empty() ? "" : ", ") + part;
  };
  if (!reason.empty()) add("reason \"" + reason + "\"");
  if (!categories.empty()) {
    std::string list;
    for (const std::string& c : categories) list += (list.empty() ? "" : ", ") + c;
    add("categories [" + list + "]");
  }
  if (!failure_category.empty()) add("failureCategory " + failure_category);
  if (!failure_subcategory.empty()) add("failureSubcategory " + failure_subcategory);
  return details.empty() ? name : name + " (" + details + ")";
}

StatusOr<std::vector<RecordedEvent>> RecordedEventsOf(const api::TestSpec& spec,
                                                      const report::TestResult& result) {
  if (result.outcome != report::Outcome::kPassed) {
    return Status::Error("the run did not complete: " + result.message);
  }
  if (result.jobs.empty()) return Status::Error("no job of the case showed any event");
  std::vector<RecordedEvent> first;
  for (size_t j = 0; j < result.jobs.size(); ++j) {
    const report::JobTimeline& job = result.jobs[j];
    bool ended = false;
    std::vector<RecordedEvent> events = OfJob(job, spec.trigger_event(), &ended);
    if (!ended) {
      return Status::Error("job " + job.job_id + " did not end (it showed " + Describe(events) +
                           ")");
    }
    if (j == 0) {
      first = std::move(events);
    } else if (!(events == first)) {
      return Status::Error("its jobs behave differently: job " + result.jobs[0].job_id +
                           " showed " + Describe(first) + "; job " + job.job_id + " showed " +
                           Describe(events));
    }
  }
  return first;
}

std::string ExpectedEventsYaml(const std::vector<RecordedEvent>& events) {
  std::string out = "expectedEvents:\n";
  for (const RecordedEvent& event : events) {
    const bool details = !event.reason.empty() || !event.categories.empty() ||
                         !event.failure_category.empty() || !event.failure_subcategory.empty();
    out += "  - " + event.name + ":\n";
    if (!details) continue;
    if (!event.reason.empty()) {
      out += "      reason: " + Quoted("^" + RE2::QuoteMeta(event.reason) + "$") + "\n";
    }
    if (!event.categories.empty()) {
      out += "      categories: [";
      for (size_t i = 0; i < event.categories.size(); ++i) {
        out += (i > 0 ? ", " : "") + Quoted(event.categories[i]);
      }
      out += "]\n";
    }
    if (!event.failure_category.empty()) {
      out += "      failureCategory: " + Quoted(event.failure_category) + "\n";
    }
    if (!event.failure_subcategory.empty()) {
      out += "      failureSubcategory: " + Quoted(event.failure_subcategory) + "\n";
    }
  }
  return out;
}

std::string RecordedTimeout(double seconds) {
  const double padded = std::ceil(seconds * 3 / 10) * 10;
  return std::to_string(static_cast<long long>(std::max(60.0, padded))) + "s";
}

std::string RewriteCase(std::string_view text, const std::string& expected_events_yaml,
                        const std::string& timeout) {
  std::vector<std::string> lines = Lines(text);
  if (!lines.empty() && lines.back().back() != '\n') lines.back() += '\n';
  const std::string timeout_line = "timeout: \"" + timeout + "\"\n";
  const std::vector<std::string> expected = Lines(expected_events_yaml);
  // The timeout first: replacing its line leaves the expectedEvents block's
  // lines where they were found.
  if (const auto at = FindKey(lines, {"timeout"})) {
    const auto [begin, end] = Block(lines, *at);
    lines.erase(lines.begin() + static_cast<long>(begin) + 1,
                lines.begin() + static_cast<long>(end));
    lines[begin] = timeout_line;
  }
  if (const auto at = FindKey(lines, {"expectedEvents", "expected_events"})) {
    const auto [begin, end] = Block(lines, *at);
    lines.erase(lines.begin() + static_cast<long>(begin), lines.begin() + static_cast<long>(end));
    lines.insert(lines.begin() + static_cast<long>(begin), expected.begin(), expected.end());
    if (!FindKey(lines, {"timeout"})) {
      lines.insert(lines.begin() + static_cast<long>(begin), timeout_line);
    }
  } else {
    while (!lines.empty() && IsBlank(lines.back())) lines.pop_back();
    if (!FindKey(lines, {"timeout"})) lines.push_back(timeout_line);
    lines.insert(lines.end(), expected.begin(), expected.end());
  }
  std::string out;
  for (const std::string& line : lines) out += line;
  return out;
}

}  // namespace armada::cli
