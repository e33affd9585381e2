#include "report/step_summary.h"

#include <cstdio>

#include "report/counts.h"
#include "report/file_output.h"
#include "report/xml_text.h"

namespace armada::report {
namespace {

constexpr size_t kMaxMessage = 300;

// Text safe inside a Markdown table cell: HTML's escapes, then the table's
// own (`|` ends a cell, a line break ends the row).
std::string Cell(const std::string& raw) {
  std::string text = XmlText(raw);  // valid UTF-8, no control characters
  if (text.size() > kMaxMessage) {
    size_t cut = kMaxMessage;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + "…";
  }
  std::string out;
  for (char c : HtmlText(text)) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += "<br>";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fs", s);
  return buf;
}

}  // namespace

std::string RenderStepSummary(const std::vector<TestResult>& results, double total_seconds) {
  std::string out =
      "### armada-testsuite: " + CountsLine(CountOutcomes(results), total_seconds) + "\n\n";
  out += "| Test | Result | Time | Failure |\n|---|---|---|---|\n";
  for (const TestResult& r : results) {
    const char* mark = r.outcome == Outcome::kPassed   ? "✅ "
                       : r.outcome == Outcome::kFlaky  ? "⚠️ "
                       : r.outcome == Outcome::kFailed ? "❌ "
                       : r.outcome == Outcome::kError  ? "⛔ "
                                                       : "⏭️ ";
    out += "| " + Cell(r.name) + " | " + mark + InfoOf(r.outcome).name + " | " +
           Seconds(r.elapsed_seconds) + " | " +
           (r.outcome == Outcome::kPassed ? std::string() : Cell(r.message)) + " |\n";
  }
  return out + "\n";
}

Status AppendStepSummary(const std::vector<TestResult>& results, double total_seconds,
                         const std::string& path) {
  return AppendTo(path, RenderStepSummary(results, total_seconds), "GITHUB_STEP_SUMMARY file");
}

}  // namespace armada::report
