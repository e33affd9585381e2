#include "report/html_report.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdio>
#include <set>

#include "report/counts.h"
#include "report/failed_details.h"
#include "report/file_output.h"
#include "report/xml_text.h"

namespace armada::report {
namespace {

constexpr int kLabelWidth = 190;
constexpr int kPlotWidth = 760;
constexpr int kRowHeight = 14;
constexpr int kHistogramBins = 60;
constexpr int kHistogramHeight = 160;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3fs", s);
  return buf;
}

// The states a bar is drawn in, with their colours, in the legend's order;
// any other event that changes the state (leaseReturned, preempting, ...)
// is drawn as "other".
constexpr std::pair<const char*, const char*> kStates[] = {
    {"submitted", "#c7c7c7"}, {"queued", "#c6dbef"},  {"leased", "#9ecae1"},
    {"pending", "#fdd49e"},   {"running", "#4292c6"}, {"cancelling", "#bcbddc"},
};
constexpr const char* kOtherStateColour = "#efedf5";

const char* StateColour(std::string_view state) {
  for (const auto& [name, colour] : kStates) {
    if (state == name) return colour;
  }
  return kOtherStateColour;
}

// The CSS class of a bar: "state-running", or "state-other".
std::string StateClass(std::string_view state) {
  for (const auto& known : kStates) {
    if (state == known.first) return "state-" + std::string(state);
  }
  return "state-other";
}

// Events that tell something about a job without changing its state: its
// bar goes on in the state it was in.
bool KeepsState(std::string_view event) {
  return event == "utilisation" || event == "ingressInfo" || event == "reprioritized" ||
         event == "reprioritizing";
}

// The outcome class of a job: its CSS class and colour.
struct JobOutcome {
  const char* css;
  const char* colour;
};

JobOutcome OutcomeOf(const JobTimeline& job) {
  const std::string_view end = job.End();
  if (end == "succeeded") return {"succeeded", "#2ca02c"};
  if (end == "failed") return {"failed", "#d62728"};
  if (end.empty()) return {"unfinished", "#ff9f1c"};
  return {"cancelled", "#7f7f7f"};  // cancelled, preempted, ...
}

// When the test ended, in microseconds; 0 when its start is unknown.
int64_t TestEnd(const TestResult& r) {
  if (r.started_at == WallTime()) return 0;
  return ToMicros(r.started_at) + static_cast<int64_t>(r.elapsed_seconds * 1e6);
}

// The test's time span in microseconds: from the first submission or event
// to the last event or the test's end, whichever is later (a job that had
// not ended was in its last state until then).
std::pair<int64_t, int64_t> Span(const TestResult& r) {
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (const JobTimeline& job : r.jobs) {
    if (job.submitted_us != 0) {
      lo = std::min(lo, job.submitted_us);
      hi = std::max(hi, job.submitted_us);
    }
    for (const TimelineEntry& e : job.events) {
      lo = std::min(lo, e.at_us);
      hi = std::max(hi, e.at_us);
    }
  }
  if (lo > hi) return {0, 1};
  if (const int64_t end = TestEnd(r); end > hi) hi = end;
  return {lo, std::max(hi, lo + 1000)};  // at least 1ms wide
}

std::string Axis(double span_s, int y) {
  std::string out;
  for (int tick = 0; tick <= 4; ++tick) {
    const double x = kLabelWidth + kPlotWidth * tick / 4.0;
    // The first label starts at its tick, the last ends at it, so neither
    // leaves the picture.
    const char* anchor = tick == 0 ? "start" : tick == 4 ? "end" : "middle";
    out += "<line class=\"tick\" x1=\"" + Num(x) + "\" x2=\"" + Num(x) + "\" y1=\"0\" y2=\"" +
           std::to_string(y) + "\"/><text class=\"tick-label\" x=\"" + Num(x) + "\" y=\"" +
           std::to_string(y + 12) + "\" text-anchor=\"" + anchor + "\">" +
           Seconds(span_s * tick / 4.0) + "</text>";
  }
  return out;
}

std::string Timeline(const TestResult& r) {
  // Not a structured binding: C++17 lambdas cannot capture one (clang refuses).
  const std::pair<int64_t, int64_t> span = Span(r);
  const int64_t lo = span.first;
  const double scale = static_cast<double>(kPlotWidth) / static_cast<double>(span.second - lo);
  const auto x = [&](int64_t at) { return kLabelWidth + (at - lo) * scale; };
  const int height = static_cast<int>(r.jobs.size()) * kRowHeight;
  std::string out = "<svg class=\"timeline\" width=\"" +
                    std::to_string(kLabelWidth + kPlotWidth + 20) + "\" height=\"" +
                    std::to_string(height + 20) + "\" role=\"img\">";
  out += Axis((span.second - lo) / 1e6, height);
  for (size_t row = 0; row < r.jobs.size(); ++row) {
    const JobTimeline& job = r.jobs[row];
    const JobOutcome outcome = OutcomeOf(job);
    const int y = static_cast<int>(row) * kRowHeight;
    out += "<g class=\"job-row " + std::string(outcome.css) + "\" data-job=\"" +
           HtmlText(job.job_id) + "\"><text class=\"job-label\" x=\"0\" y=\"" +
           std::to_string(y + 10) + "\" fill=\"" + outcome.colour + "\">" + HtmlText(job.job_id) +
           "</text>";
    const auto bar = [&](std::string_view state, int64_t from, int64_t to) {
      out += "<rect class=\"bar " + StateClass(state) + "\" x=\"" + Num(x(from)) + "\" y=\"" +
             std::to_string(y + 2) + "\" width=\"" + Num(std::max(0.5, (to - from) * scale)) +
             "\" height=\"" + std::to_string(kRowHeight - 4) + "\" fill=\"" + StateColour(state) +
             "\"><title>" + HtmlText(state) + " " + Seconds((to - from) / 1e6) + "</title></rect>";
    };
    int64_t from = job.submitted_us != 0 ? job.submitted_us : lo;
    std::string_view state = "submitted";
    bool ended = false;
    for (size_t i = 0; i < job.events.size() && !ended; ++i) {
      const std::string_view event = job.EventName(i);
      if (KeepsState(event)) continue;
      const int64_t to = job.events[i].at_us;
      if (to > from) bar(state, from, to);
      from = to;
      state = event;
      if (!job.events[i].terminal) continue;
      ended = true;
      std::string tip = std::string(state) + " at +" + Seconds((to - lo) / 1e6);
      if (const std::string_view detail = job.Detail(i); !detail.empty()) {
        tip += " (" + std::string(detail) + ")";
      }
      out += "<circle class=\"end\" cx=\"" + Num(x(to)) + "\" cy=\"" +
             std::to_string(y + kRowHeight / 2) + "\" r=\"4\" fill=\"" + outcome.colour +
             "\"><title>" + HtmlText(tip) + "</title></circle>";
    }
    // Not ended: still in its last state when the test ended, where the
    // legend's "not ended" mark says so.
    if (!ended) {
      if (span.second > from) bar(state, from, span.second);
      out += "<circle class=\"end not-ended\" cx=\"" + Num(x(span.second)) + "\" cy=\"" +
             std::to_string(y + kRowHeight / 2) + "\" r=\"4\" fill=\"" + outcome.colour +
             "\"><title>" + HtmlText(std::string(state)) + " when the test ended</title></circle>";
    }
    out += "</g>";
  }
  return out + "</svg>";
}

std::string Histogram(const TestResult& r) {
  const auto [lo, hi] = Span(r);
  // Per bin: succeeded, failed, other ended.
  std::vector<std::array<size_t, 3>> bins(kHistogramBins, {0, 0, 0});
  size_t unfinished = 0;
  for (const JobTimeline& job : r.jobs) {
    int64_t end = 0;
    for (const TimelineEntry& e : job.events) {
      if (e.terminal) {
        end = e.at_us;
        break;
      }
    }
    if (end == 0) {
      ++unfinished;
      continue;
    }
    const size_t bin = std::min<size_t>(
        kHistogramBins - 1, static_cast<size_t>((end - lo) * kHistogramBins / (hi - lo + 1)));
    const std::string_view how = job.End();
    ++bins[bin][how == "succeeded" ? 0 : how == "failed" ? 1 : 2];
  }
  size_t tallest = 1;
  for (const auto& b : bins) tallest = std::max(tallest, b[0] + b[1] + b[2]);
  const double bar_width = static_cast<double>(kPlotWidth) / kHistogramBins;
  std::string out = "<p>" + std::to_string(r.jobs.size()) + " jobs: when they ended (more than " +
                    std::to_string(kMaxTimelineRows) + " jobs are drawn as a histogram)" +
                    (unfinished > 0 ? "; " + std::to_string(unfinished) + " had not ended" : "") +
                    "</p><svg class=\"histogram\" width=\"" +
                    std::to_string(kLabelWidth + kPlotWidth + 20) + "\" height=\"" +
                    std::to_string(kHistogramHeight + 20) + "\" role=\"img\">";
  out += Axis((hi - lo) / 1e6, kHistogramHeight);
  out += "<text x=\"0\" y=\"12\">" + std::to_string(tallest) + " jobs</text>";
  const char* colours[3] = {"#2ca02c", "#d62728", "#7f7f7f"};
  const char* names[3] = {"succeeded", "failed", "other"};
  for (int i = 0; i < kHistogramBins; ++i) {
    double top = kHistogramHeight;
    for (int k = 0; k < 3; ++k) {
      if (bins[i][k] == 0) continue;
      const double h = kHistogramHeight * static_cast<double>(bins[i][k]) / tallest;
      top -= h;
      out += "<rect class=\"bin\" x=\"" + Num(kLabelWidth + i * bar_width) + "\" y=\"" + Num(top) +
             "\" width=\"" + Num(bar_width - 1) + "\" height=\"" + Num(h) + "\" fill=\"" +
             colours[k] + "\"><title>" + std::to_string(bins[i][k]) + " " + names[k] +
             "</title></rect>";
    }
  }
  return out + "</svg>";
}

// The distinct failure categories (either generation's) of the test's
// failed events.
std::set<std::string> Categories(const TestResult& r) {
  std::set<std::string> out;
  for (const JobTimeline& job : r.jobs) {
    for (const std::string& detail : job.details) {
      const FailedDetails parsed = ParseFailedDetails(detail);
      out.insert(parsed.categories.begin(), parsed.categories.end());
      if (!parsed.failure_category.empty()) out.insert(parsed.failure_category);
    }
  }
  return out;
}

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-bottom:.3em}
table.summary{border-collapse:collapse}table.summary td,table.summary th{border:1px solid #ccc;padding:2px 8px;text-align:left}
.result.passed{color:#2ca02c}.result.flaky{color:#e6770b}.result.failed{color:#d62728}.result.error{color:#9467bd}.result.skipped,.result.interrupted{color:#b8860b}
.filter label{margin-right:1em}
section.test{border-top:2px solid #ddd;margin-top:1.2em;padding-top:.4em}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre-wrap;font-size:.85em}
pre.failure{background:#fdecea;border-left:4px solid #d62728}
svg text{font-family:monospace;font-size:10px}svg .tick{stroke:#eee}svg .tick-label{fill:#666}
.legend span{display:inline-block;margin-right:1em;font-size:.85em}
.legend i{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:middle}
.meta{color:#555;font-size:.9em}
)";

// The status filter: plain DOM, nothing fetched.
constexpr const char* kFilterScript = R"(
(function () {
  var boxes = document.querySelectorAll('.filter input');
  function apply() {
    var shown = {};
    boxes.forEach(function (box) { shown[box.value] = box.checked; });
    document.querySelectorAll('[data-outcome]').forEach(function (e) {
      e.hidden = !shown[e.getAttribute('data-outcome')];
    });
  }
  var asked = /(?:^#|&)show=([a-z,]*)/.exec(location.hash);
  if (asked) {
    var names = asked[1].split(',');
    boxes.forEach(function (box) { box.checked = names.indexOf(box.value) >= 0; });
  }
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  apply();
})();
)";

std::string Legend() {
  std::string out = "<p class=\"legend\">";
  for (const auto& [state, colour] : kStates) {
    out += "<span><i style=\"background:" + std::string(colour) + "\"></i>" + state + "</span>";
  }
  out += "<span><i style=\"background:" + std::string(kOtherStateColour) + "\"></i>other</span>";
  for (const auto& [name, colour] : {std::pair<const char*, const char*>{"succeeded", "#2ca02c"},
                                     {"failed", "#d62728"},
                                     {"cancelled", "#7f7f7f"},
                                     {"not ended", "#ff9f1c"}}) {
    out += std::string("<span><i style=\"background:") + colour + ";border-radius:6px\"></i>" +
           name + "</span>";
  }
  return out + "</p>";
}

// Worst first: the tests a reader opens the report for come first.
int Rank(Outcome outcome) {
  switch (outcome) {
    case Outcome::kFailed:
      return 0;
    case Outcome::kError:
      return 1;
    case Outcome::kInterrupted:
      return 2;
    case Outcome::kFlaky:
      return 3;
    case Outcome::kSkipped:
      return 4;
    case Outcome::kPassed:
      break;
  }
  return 5;
}

// A checkbox per outcome the run has; unticking one hides its tests' rows
// and sections. The page's address may name the outcomes to show
// (report.html#show=failed,error), so a link can open it filtered.
std::string Filter(const std::vector<TestResult>& results, const std::vector<size_t>& order) {
  size_t counts[kOutcomeCount] = {};
  for (const TestResult& r : results) ++counts[static_cast<int>(r.outcome)];
  std::string out = "<p class=\"filter\">Show:";
  std::set<int> seen;
  for (size_t i : order) {
    const int outcome = static_cast<int>(results[i].outcome);
    if (!seen.insert(outcome).second) continue;
    const char* name = InfoOf(results[i].outcome).name;
    out += " <label><input type=\"checkbox\" value=\"" + std::string(name) + "\" checked> " +
           "<span class=\"result " + name + "\">" + name + "</span> (" +
           std::to_string(counts[outcome]) + ")</label>";
  }
  return out + "</p>";
}

}  // namespace

std::string RenderHtml(const std::vector<TestResult>& results, double total_seconds,
                       const Coverage* coverage) {
  std::vector<size_t> order(results.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return Rank(results[a].outcome) < Rank(results[b].outcome);
  });
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\">"
      "<title>armada-testsuite report</title><style>";
  out += kStyle;
  out += "</style></head><body><h1>armada-testsuite report</h1><p class=\"counts\">" +
         HtmlText(CountsLine(CountOutcomes(results), total_seconds)) + "</p>";
  out += Filter(results, order);
  out +=
      "<table class=\"summary\"><tr><th>Test</th><th>Result</th><th>Time</th><th>Jobs</th>"
      "<th>Failure</th></tr>";
  for (size_t i : order) {
    const TestResult& r = results[i];
    const char* name = InfoOf(r.outcome).name;
    out += "<tr data-outcome=\"" + std::string(name) + "\"><td><a href=\"#test-" +
           std::to_string(i) + "\">" + HtmlText(r.name) + "</a></td><td class=\"result " + name +
           "\">" + name + "</td><td>" + Seconds(r.elapsed_seconds) + "</td><td>" +
           std::to_string(r.jobs.size()) + "</td><td>" +
           (r.outcome == Outcome::kPassed ? "" : HtmlText(r.message)) + "</td></tr>";
  }
  out += "</table>";
  if (coverage != nullptr) out += CoverageHtmlSection(*coverage);
  for (size_t i : order) {
    const TestResult& r = results[i];
    const char* name = InfoOf(r.outcome).name;
    out += "<section class=\"test " + std::string(name) + "\" data-outcome=\"" + name +
           "\" id=\"test-" + std::to_string(i) + "\" data-test=\"" + HtmlText(r.name) + "\"><h2>" +
           HtmlText(r.name) + " <span class=\"result " + name + "\">" + name +
           "</span></h2><p class=\"meta\">file " + HtmlText(r.file) + " · queue " +
           HtmlText(r.queue) + " · job set " + HtmlText(r.job_set_id) + " · " +
           Seconds(r.elapsed_seconds) + " · " + std::to_string(r.jobs.size()) + " job(s)</p>";
    if (r.outcome != Outcome::kPassed && !r.message.empty()) {
      out += "<pre class=\"failure\">" + HtmlText(r.message) + "</pre>";
    }
    for (size_t a = 0; a < r.failed_attempts.size(); ++a) {
      const FailedAttempt& attempt = r.failed_attempts[a];
      out += "<details class=\"attempt\"><summary>attempt " + std::to_string(a + 1) + ": " +
             InfoOf(attempt.outcome).name + " after " + Seconds(attempt.elapsed_seconds) +
             " (job set " + HtmlText(attempt.job_set_id) + ")</summary><pre class=\"failure\">" +
             HtmlText(attempt.message) + "</pre>" +
             (attempt.log.empty() ? "" : "<pre>" + HtmlText(attempt.log) + "</pre>") + "</details>";
    }
    const std::set<std::string> categories = Categories(r);
    if (!categories.empty()) {
      out += "<p class=\"categories\">Failure categories seen:";
      for (const std::string& c : categories) out += " <code>" + HtmlText(c) + "</code>";
      out += "</p>";
    }
    if (!r.jobs.empty()) {
      out += r.jobs.size() > kMaxTimelineRows ? Histogram(r) : Legend() + Timeline(r);
    }
    for (const JobTimeline& job : r.jobs) {
      if (job.log_tail.empty()) continue;
      out += "<details class=\"job-log\" open><summary>log of job " + HtmlText(job.job_id) +
             " (last lines)</summary><pre>" + HtmlText(job.log_tail) + "</pre></details>";
    }
    if (!r.log.empty()) {
      out += "<details class=\"test-log\"><summary>test log</summary><pre>" + HtmlText(r.log) +
             "</pre></details>";
    }
    out += "</section>";
  }
  return out + "<script>" + kFilterScript + "</script></body></html>\n";
}

Status WriteHtml(const std::vector<TestResult>& results, double total_seconds,
                 const std::string& path, const Coverage* coverage) {
  return WriteWhole(path, RenderHtml(results, total_seconds, coverage), "HTML report");
}

}  // namespace armada::report
