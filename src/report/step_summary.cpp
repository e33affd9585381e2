#include "report/step_summary.h"

#include <cstdio>

#include "report/file_output.h"
#include "report/xml_text.h"

namespace armada::report {
namespace {

constexpr size_t kMaxMessage = 300;

// Text safe inside a Markdown table cell.
std::string Cell(const std::string& raw) {
  std::string text = XmlText(raw);  // valid UTF-8, no control characters
  if (text.size() > kMaxMessage) {
    size_t cut = kMaxMessage;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + "…";
  }
  std::string out;
  for (char c : text) {
    switch (c) {
      case '|':
        out += "\\|";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\n':
        out += "<br>";
        break;
      case '\r':
        break;
      default:
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
  size_t passed = 0, flaky = 0, failed = 0, errors = 0, not_run = 0;
  for (const TestResult& r : results) {
    passed += r.outcome == Outcome::kPassed;
    flaky += r.outcome == Outcome::kFlaky;
    failed += r.outcome == Outcome::kFailed;
    errors += r.outcome == Outcome::kError;
    not_run += r.outcome == Outcome::kSkipped || r.outcome == Outcome::kInterrupted;
  }
  std::string out = "### armada-testsuite: " + std::to_string(passed) + " passed, " +
                    (flaky > 0 ? std::to_string(flaky) + " flaky, " : "") + std::to_string(failed) +
                    " failed, " + std::to_string(errors) + " errors, " + std::to_string(not_run) +
                    " skipped in " + Seconds(total_seconds) + "\n\n";
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
