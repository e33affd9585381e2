#include "report/junit.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "report/xml_escape.h"

namespace armada::report {
namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

// "testcases/categorization/oom.yaml" -> "testcases.categorization": the
// grouping CI tools show test names under. "/", "." and ".." segments carry
// no grouping, and would give names such as ".tmp.cases" or "...cases".
std::string ClassName(const std::string& file) {
  const size_t slash = file.find_last_of('/');
  std::string out;
  size_t start = 0;
  while (slash != std::string::npos && start <= slash) {
    const size_t end = file.find('/', start);
    const std::string segment = file.substr(start, end - start);
    if (!segment.empty() && segment != "." && segment != "..") {
      out += (out.empty() ? "" : ".") + segment;
    }
    start = end + 1;
  }
  return out.empty() ? "armada-testsuite" : out;
}

}  // namespace

std::string RenderJUnit(const std::vector<TestResult>& results, double total_seconds) {
  int failures = 0, skipped = 0;
  for (const TestResult& r : results) {
    failures += r.outcome == Outcome::kFailed;
    skipped += r.outcome == Outcome::kSkipped;
  }
  const std::string counts = " tests=\"" + std::to_string(results.size()) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
                             std::to_string(skipped) + "\" time=\"" + Seconds(total_seconds) + "\"";
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"armada-testsuite\"" << counts << ">\n";
  out << "  <testsuite name=\"armada-testsuite\"" << counts << ">\n";
  for (const TestResult& r : results) {
    out << "    <testcase name=\"" << XmlEscape(r.name) << "\" classname=\""
        << XmlEscape(ClassName(r.file)) << "\" file=\"" << XmlEscape(r.file) << "\" time=\""
        << Seconds(r.elapsed_seconds) << "\">\n";
    if (r.outcome == Outcome::kFailed) {
      out << "      <failure message=\"" << XmlEscape(r.failure_message) << "\">"
          << XmlEscape(r.failure_message) << "</failure>\n";
    } else if (r.outcome == Outcome::kSkipped) {
      out << "      <skipped message=\"" << XmlEscape(r.failure_message) << "\"/>\n";
    }
    std::string system_out = "queue: " + r.queue + "\njob set: " + r.job_set_id + "\n";
    if (!r.log.empty()) system_out += "\n" + r.log + (r.log.back() == '\n' ? "" : "\n");
    for (const JobTimeline& job : r.jobs) system_out += "\n" + FormatTimeline(job);
    out << "      <system-out>" << XmlEscape(system_out) << "</system-out>\n";
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

Status WriteJUnit(const std::vector<TestResult>& results, double total_seconds,
                  const std::string& path) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    if (!file) {
      return Status::Error("cannot write JUnit report " + tmp + ": " + std::strerror(errno));
    }
    file << RenderJUnit(results, total_seconds);
    file.flush();
    if (!file) {
      return Status::Error("cannot write JUnit report " + tmp + ": " + std::strerror(errno));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string err = std::strerror(errno);
    std::remove(tmp.c_str());
    return Status::Error("cannot write JUnit report " + path + ": " + err);
  }
  return Status();
}

}  // namespace armada::report
