#include "report/junit.h"

#include <cstdio>
#include <pugixml.hpp>
#include <sstream>

#include "report/file_output.h"
#include "report/xml_text.h"

namespace armada::report {
namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

// Attribute and text values pass through XmlText: pugixml escapes markup,
// the policy drops what XML cannot carry at all.
void SetAttribute(pugi::xml_node node, const char* name, std::string_view value) {
  node.append_attribute(name).set_value(XmlText(value).c_str());
}

void SetCounts(pugi::xml_node node, const std::vector<TestResult>& results, double total_seconds,
               const std::string& suite_name) {
  size_t by_element[4] = {0, 0, 0, 0};  // none, failure, error, skipped
  for (const TestResult& r : results) ++by_element[static_cast<int>(InfoOf(r.outcome).junit)];
  SetAttribute(node, "name", suite_name);
  SetAttribute(node, "tests", std::to_string(results.size()));
  SetAttribute(node, "failures", std::to_string(by_element[1]));
  SetAttribute(node, "errors", std::to_string(by_element[2]));
  SetAttribute(node, "skipped", std::to_string(by_element[3]));
  SetAttribute(node, "time", Seconds(total_seconds));
}

// The earlier attempts of a retried test, as Maven Surefire writes reruns
// (surefire-test-report-3.0.xsd): of a test that then passed as
// <flakyFailure>/<flakyError>, of one that never did as
// <rerunFailure>/<rerunError> after its <failure>; each with message and
// type attributes, then <stackTrace> (the message: there is no stack) and
// <system-out> (the attempt's job set and log), the XSD's sequence.
void AppendAttempts(pugi::xml_node testcase, const TestResult& r) {
  const bool flaky = r.outcome == Outcome::kFlaky;
  for (const FailedAttempt& attempt : r.failed_attempts) {
    const bool error = attempt.outcome == Outcome::kError;
    const char* name =
        flaky ? (error ? "flakyError" : "flakyFailure") : (error ? "rerunError" : "rerunFailure");
    pugi::xml_node element = testcase.append_child(name);
    SetAttribute(element, "message", attempt.message);
    SetAttribute(element, "type", attempt.timed_out ? "timeout" : InfoOf(attempt.outcome).name);
    element.append_child("stackTrace")
        .append_child(pugi::node_pcdata)
        .set_value(XmlText(attempt.message).c_str());
    std::string out = "job set: " + attempt.job_set_id + "\n";
    if (!attempt.log.empty()) out += "\n" + attempt.log;
    element.append_child("system-out")
        .append_child(pugi::node_pcdata)
        .set_value(XmlText(out).c_str());
  }
}

}  // namespace

std::string RenderJUnit(const std::vector<TestResult>& results, double total_seconds,
                        const std::string& suite_name, const RunInfo* run) {
  pugi::xml_document doc;
  pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version").set_value("1.0");
  declaration.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node suites = doc.append_child("testsuites");
  SetCounts(suites, results, total_seconds, suite_name);
  pugi::xml_node suite = suites.append_child("testsuite");
  SetCounts(suite, results, total_seconds, suite_name);
  if (run != nullptr) {
    // The Ant schema's xs:dateTime without a zone: RFC 3339's UTC form up
    // to the seconds.
    SetAttribute(suite, "timestamp", FormatWallTime(ToMicros(run->started_at)).substr(0, 19));
    if (!run->hostname.empty()) SetAttribute(suite, "hostname", run->hostname);
  }
  for (const TestResult& r : results) {
    pugi::xml_node testcase = suite.append_child("testcase");
    SetAttribute(testcase, "name", r.name);
    // As Armada's runner: name and classname are both the test's name, so a
    // team switching keeps its CI's test history.
    SetAttribute(testcase, "classname", r.name);
    SetAttribute(testcase, "file", r.file);
    SetAttribute(testcase, "time", Seconds(r.elapsed_seconds));
    const OutcomeInfo& info = InfoOf(r.outcome);
    if (info.junit != JUnitElement::kNone) {
      pugi::xml_node element = testcase.append_child(JUnitElementName(info.junit));
      SetAttribute(element, "message", r.message);
      // A failure or error also carries the message as its body, where CI
      // tools show it in full.
      if (info.junit != JUnitElement::kSkipped) {
        element.append_child(pugi::node_pcdata).set_value(XmlText(r.message).c_str());
      }
    }
    AppendAttempts(testcase, r);
    std::string system_out = "queue: " + r.queue + "\njob set: " + r.job_set_id + "\n";
    if (!r.log.empty()) system_out += "\n" + r.log + (r.log.back() == '\n' ? "" : "\n");
    for (const JobTimeline& job : r.jobs) system_out += "\n" + FormatTimeline(job);
    testcase.append_child("system-out")
        .append_child(pugi::node_pcdata)
        .set_value(XmlText(system_out).c_str());
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

Status WriteJUnit(const std::vector<TestResult>& results, double total_seconds,
                  const std::string& path, const std::string& suite_name, const RunInfo* run) {
  return WriteWhole(path, RenderJUnit(results, total_seconds, suite_name, run), "JUnit report");
}

}  // namespace armada::report
