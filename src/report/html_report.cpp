#include "report/html_report.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdio>
#include <set>

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

const char* StateColour(std::string_view state) {
  if (state == "submitted") return "#c7c7c7";
  if (state == "queued") return "#c6dbef";
  if (state == "leased") return "#9ecae1";
  if (state == "pending") return "#fdd49e";
  if (state == "running") return "#4292c6";
  return "#dadaeb";  // any other event (leaseReturned, preempting, ...)
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

// The test's time span in microseconds: from the first submission or event
// to the last event.
std::pair<int64_t, int64_t> Span(const TestResult& r) {
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (const JobTimeline& job : r.jobs) {
    if (job.submitted_us != 0) lo = std::min(lo, job.submitted_us);
    for (const TimelineEntry& e : job.events) {
      lo = std::min(lo, e.at_us);
      hi = std::max(hi, e.at_us);
    }
  }
  if (lo > hi) return {0, 1};
  return {lo, std::max(hi, lo + 1000)};  // at least 1ms wide
}

std::string Axis(double span_s, int y) {
  std::string out;
  for (int tick = 0; tick <= 4; ++tick) {
    const double x = kLabelWidth + kPlotWidth * tick / 4.0;
    out += "<line class=\"tick\" x1=\"" + Num(x) + "\" x2=\"" + Num(x) + "\" y1=\"0\" y2=\"" +
           std::to_string(y) + "\"/><text class=\"tick-label\" x=\"" + Num(x) + "\" y=\"" +
           std::to_string(y + 12) + "\">" + Seconds(span_s * tick / 4.0) + "</text>";
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
    int64_t from = job.submitted_us != 0 ? job.submitted_us : lo;
    std::string_view state = "submitted";
    for (size_t i = 0; i <= job.events.size(); ++i) {
      const bool last = i == job.events.size();
      const int64_t to = last ? from : job.events[i].at_us;
      if (!last && to > from) {
        out += "<rect class=\"bar\" x=\"" + Num(x(from)) + "\" y=\"" + std::to_string(y + 2) +
               "\" width=\"" + Num(std::max(0.5, (to - from) * scale)) + "\" height=\"" +
               std::to_string(kRowHeight - 4) + "\" fill=\"" + StateColour(state) + "\"><title>" +
               HtmlText(state) + " " + Seconds((to - from) / 1e6) + "</title></rect>";
      }
      if (last) break;
      from = to;
      state = job.EventName(i);
      if (job.events[i].terminal) {
        std::string tip = std::string(state) + " at +" + Seconds((to - lo) / 1e6);
        if (const std::string_view detail = job.Detail(i); !detail.empty()) {
          tip += " (" + std::string(detail) + ")";
        }
        out += "<circle class=\"end\" cx=\"" + Num(x(to)) + "\" cy=\"" +
               std::to_string(y + kRowHeight / 2) + "\" r=\"4\" fill=\"" + outcome.colour +
               "\"><title>" + HtmlText(tip) + "</title></circle>";
        break;
      }
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

// The distinct failure categories in the test's failed events' details.
std::set<std::string> Categories(const TestResult& r) {
  std::set<std::string> out;
  for (const JobTimeline& job : r.jobs) {
    for (const std::string& detail : job.details) {
      for (const std::string key : {"categories [", "failureCategory "}) {
        const size_t at = detail.find(key);
        if (at == std::string::npos) continue;
        const size_t start = at + key.size();
        const size_t end = key.back() == '[' ? detail.find(']', start) : detail.find(',', start);
        std::string list =
            detail.substr(start, end == std::string::npos ? std::string::npos : end - start);
        size_t pos = 0;
        while (pos <= list.size()) {
          size_t comma = list.find(',', pos);
          if (comma == std::string::npos) comma = list.size();
          std::string item = list.substr(pos, comma - pos);
          item.erase(0, item.find_first_not_of(" \""));
          item.erase(item.find_last_not_of(" \"") + 1);
          if (!item.empty()) out.insert(item);
          pos = comma + 1;
        }
      }
    }
  }
  return out;
}

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-bottom:.3em}
table.summary{border-collapse:collapse}table.summary td,table.summary th{border:1px solid #ccc;padding:2px 8px;text-align:left}
.passed{color:#2ca02c}.flaky{color:#e6770b}.failed{color:#d62728}.error{color:#9467bd}.skipped,.interrupted{color:#b8860b}
section.test{border-top:2px solid #ddd;margin-top:1.2em;padding-top:.4em}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre-wrap;font-size:.85em}
pre.failure{background:#fdecea;border-left:4px solid #d62728}
svg text{font-family:monospace;font-size:10px}svg .tick{stroke:#eee}svg .tick-label{fill:#666}
.legend span{display:inline-block;margin-right:1em;font-size:.85em}
.legend i{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:middle}
.meta{color:#555;font-size:.9em}
)";

std::string Legend() {
  std::string out = "<p class=\"legend\">";
  for (const char* state : {"submitted", "queued", "leased", "pending", "running"}) {
    out += "<span><i style=\"background:" + std::string(StateColour(state)) + "\"></i>" + state +
           "</span>";
  }
  out += "<span><i style=\"background:#dadaeb\"></i>other</span>";
  for (const auto& [name, colour] : {std::pair<const char*, const char*>{"succeeded", "#2ca02c"},
                                     {"failed", "#d62728"},
                                     {"cancelled", "#7f7f7f"},
                                     {"not ended", "#ff9f1c"}}) {
    out += std::string("<span><i style=\"background:") + colour + ";border-radius:6px\"></i>" +
           name + "</span>";
  }
  return out + "</p>";
}

}  // namespace

std::string RenderHtml(const std::vector<TestResult>& results, double total_seconds,
                       const Coverage* coverage) {
  size_t counts[kOutcomeCount] = {};
  for (const TestResult& r : results) ++counts[static_cast<int>(r.outcome)];
  const size_t flaky = counts[static_cast<int>(Outcome::kFlaky)];
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\">"
      "<title>armada-testsuite report</title><style>";
  out += kStyle;
  out += "</style></head><body><h1>armada-testsuite report</h1><p class=\"counts\">" +
         std::to_string(results.size()) + " test(s) in " + Seconds(total_seconds) + ": " +
         std::to_string(counts[0]) + " passed, " +
         (flaky > 0 ? std::to_string(flaky) + " flaky, " : "") + std::to_string(counts[1]) +
         " failed, " + std::to_string(counts[2]) + " errors, " +
         std::to_string(counts[3] + counts[4]) + " skipped</p>";
  out +=
      "<table class=\"summary\"><tr><th>Test</th><th>Result</th><th>Time</th><th>Jobs</th>"
      "<th>Failure</th></tr>";
  for (size_t i = 0; i < results.size(); ++i) {
    const TestResult& r = results[i];
    const char* name = InfoOf(r.outcome).name;
    out += "<tr><td><a href=\"#test-" + std::to_string(i) + "\">" + HtmlText(r.name) +
           "</a></td><td class=\"" + name + "\">" + name + "</td><td>" +
           Seconds(r.elapsed_seconds) + "</td><td>" + std::to_string(r.jobs.size()) + "</td><td>" +
           (r.outcome == Outcome::kPassed ? "" : HtmlText(r.message)) + "</td></tr>";
  }
  out += "</table>";
  if (coverage != nullptr) out += CoverageHtmlSection(*coverage);
  for (size_t i = 0; i < results.size(); ++i) {
    const TestResult& r = results[i];
    const char* name = InfoOf(r.outcome).name;
    out += "<section class=\"test " + std::string(name) + "\" id=\"test-" + std::to_string(i) +
           "\" data-test=\"" + HtmlText(r.name) + "\"><h2>" + HtmlText(r.name) + " <span class=\"" +
           name + "\">" + name + "</span></h2><p class=\"meta\">file " + HtmlText(r.file) +
           " · queue " + HtmlText(r.queue) + " · job set " + HtmlText(r.job_set_id) + " · " +
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
  return out + "</body></html>\n";
}

Status WriteHtml(const std::vector<TestResult>& results, double total_seconds,
                 const std::string& path, const Coverage* coverage) {
  return WriteWhole(path, RenderHtml(results, total_seconds, coverage), "HTML report");
}

}  // namespace armada::report
