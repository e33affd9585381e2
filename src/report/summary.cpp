#include "report/summary.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace armada::report {
namespace {

const char* ResultLabel(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      return "SUCCESS";
    case Outcome::kFailed:
      return "FAILURE";
    case Outcome::kSkipped:
      return "NOT RUN";
  }
  return "UNKNOWN";
}

std::string Elapsed(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fs", seconds);
  return buf;
}

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

void PrintSummary(std::ostream& out, const std::vector<TestResult>& results, double total_seconds) {
  const std::string headers[] = {"Test:", "Result:", "Elapsed:", "JobSet:"};
  size_t width[3] = {headers[0].size(), headers[1].size(), headers[2].size()};
  for (const TestResult& r : results) {
    width[0] = std::max(width[0], r.name.size());
    width[1] = std::max(width[1], std::string(ResultLabel(r.outcome)).size());
    width[2] = std::max(width[2], Elapsed(r.elapsed_seconds).size());
  }
  out << "\n======= SUMMARY =======\n";
  out << Pad(headers[0], width[0] + 1) << Pad(headers[1], width[1] + 1)
      << Pad(headers[2], width[2] + 1) << headers[3] << "\n";
  int passed = 0, failed = 0, skipped = 0;
  for (const TestResult& r : results) {
    out << Pad(r.name, width[0] + 1) << Pad(ResultLabel(r.outcome), width[1] + 1)
        << Pad(Elapsed(r.elapsed_seconds), width[2] + 1) << r.job_set_id << "\n";
    passed += r.outcome == Outcome::kPassed;
    failed += r.outcome == Outcome::kFailed;
    skipped += r.outcome == Outcome::kSkipped;
  }
  bool reasons_header = false;
  for (const TestResult& r : results) {
    if (r.outcome == Outcome::kPassed || r.failure_message.empty()) continue;
    if (!reasons_header) {
      out << "\n";
      reasons_header = true;
    }
    out << r.name << " (" << OutcomeName(r.outcome) << "): " << r.failure_message << "\n";
  }
  out << "\nRan " << passed + failed << " test(s) in " << Elapsed(total_seconds) << "\n";
  out << "Success: " << passed << "\n";
  out << "Failure: " << failed << "\n";
  if (skipped > 0) out << "Not run: " << skipped << "\n";
  out << "\n" << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
}

}  // namespace armada::report
