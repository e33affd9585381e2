#include "report/summary.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "report/counts.h"

namespace armada::report {
namespace {

std::string Elapsed(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fs", seconds);
  return buf;
}

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

// The text with its second and later lines indented under the first.
std::string Indented(const std::string& text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += "    ";
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
}

}  // namespace

void PrintSummary(std::ostream& out, const std::vector<TestResult>& results, double total_seconds) {
  const std::string headers[] = {"Test:", "Result:", "Elapsed:", "JobSet:"};
  size_t width[3] = {headers[0].size(), headers[1].size(), headers[2].size()};
  for (const TestResult& r : results) {
    width[0] = std::max(width[0], r.name.size());
    width[1] = std::max(width[1], std::string(InfoOf(r.outcome).name).size());
    width[2] = std::max(width[2], Elapsed(r.elapsed_seconds).size());
  }
  out << "\n======= SUMMARY =======\n";
  out << Pad(headers[0], width[0] + 1) << Pad(headers[1], width[1] + 1)
      << Pad(headers[2], width[2] + 1) << headers[3] << "\n";
  for (const TestResult& r : results) {
    out << Pad(r.name, width[0] + 1) << Pad(InfoOf(r.outcome).name, width[1] + 1)
        << Pad(Elapsed(r.elapsed_seconds), width[2] + 1) << r.job_set_id << "\n";
  }
  // One line per distinct reason, naming the tests it applies to: a setup
  // problem that stopped every test reads once, not once per test.
  std::vector<std::pair<std::string, std::vector<std::string>>> reasons;
  for (const TestResult& r : results) {
    if (r.outcome == Outcome::kPassed || r.message.empty()) continue;
    const std::string why = std::string(InfoOf(r.outcome).name) + "): " + Indented(r.message);
    auto same = std::find_if(reasons.begin(), reasons.end(),
                             [&](const auto& reason) { return reason.first == why; });
    if (same == reasons.end()) same = reasons.insert(reasons.end(), {why, {}});
    same->second.push_back(r.name);
  }
  if (!reasons.empty()) out << "\n";
  for (const auto& [why, names] : reasons) {
    std::string who = names.front();
    for (size_t i = 1; i < std::min<size_t>(names.size(), 3); ++i) who += ", " + names[i];
    if (names.size() > 3) who += " and " + std::to_string(names.size() - 3) + " more";
    out << who << " (" << why << "\n";
  }
  out << "\n" << CountsLine(CountOutcomes(results), total_seconds) << "\n";
}

}  // namespace armada::report
