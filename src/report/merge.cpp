#include "report/merge.h"

#include <cstdio>
#include <map>
#include <pugixml.hpp>
#include <sstream>

namespace armada::report {
namespace {

const char* const kCounts[] = {"tests", "failures", "errors", "skipped"};

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

// Sets node's counts and time to the sums of its `child` elements'.
void SumCounts(pugi::xml_node node, const char* child) {
  long long counts[4] = {0, 0, 0, 0};
  double time = 0;
  for (pugi::xml_node c : node.children(child)) {
    for (int i = 0; i < 4; ++i) counts[i] += c.attribute(kCounts[i]).as_llong();
    time += c.attribute("time").as_double();
  }
  for (int i = 0; i < 4; ++i) {
    pugi::xml_attribute a = node.attribute(kCounts[i]);
    if (!a) a = node.append_attribute(kCounts[i]);
    a.set_value(std::to_string(counts[i]).c_str());
  }
  pugi::xml_attribute t = node.attribute("time");
  if (!t) t = node.append_attribute("time");
  t.set_value(Seconds(time).c_str());
}

// A suite's counts from its <testcase>s, as junit.cpp counts them (a
// <testcase> holds at most one of failure, error, skipped).
void CountTestcases(pugi::xml_node suite) {
  long long counts[4] = {0, 0, 0, 0};
  for (pugi::xml_node test : suite.children("testcase")) {
    ++counts[0];
    counts[1] += test.child("failure") ? 1 : 0;
    counts[2] += test.child("error") ? 1 : 0;
    counts[3] += test.child("skipped") ? 1 : 0;
  }
  for (int i = 0; i < 4; ++i) {
    pugi::xml_attribute a = suite.attribute(kCounts[i]);
    if (!a) a = suite.append_attribute(kCounts[i]);
    a.set_value(std::to_string(counts[i]).c_str());
  }
}

}  // namespace

StatusOr<std::string> MergeJUnit(
    const std::vector<std::pair<std::string, std::string>>& documents) {
  pugi::xml_document out;
  pugi::xml_node declaration = out.append_child(pugi::node_declaration);
  declaration.append_attribute("version").set_value("1.0");
  declaration.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node root = out.append_child("testsuites");
  root.append_attribute("name").set_value("armada-testsuite (merged)");
  std::map<std::string, pugi::xml_node> by_name;
  std::map<std::string, double> time_of;
  for (const auto& [path, text] : documents) {
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
    if (!parsed) {
      return Status::Error(path + ": not XML: " + parsed.description() + " at byte " +
                           std::to_string(parsed.offset));
    }
    std::vector<pugi::xml_node> suites;
    pugi::xml_node top = doc.document_element();
    if (std::string(top.name()) == "testsuite") {
      suites.push_back(top);
    } else if (std::string(top.name()) == "testsuites") {
      for (pugi::xml_node s : top.children("testsuite")) suites.push_back(s);
    } else {
      return Status::Error(path + ": not a JUnit report: its root is <" + top.name() +
                           ">, not <testsuites> or <testsuite>");
    }
    for (pugi::xml_node suite : suites) {
      const std::string name = suite.attribute("name").value();
      auto [it, added] = by_name.emplace(name, pugi::xml_node());
      if (added) {
        it->second = root.append_copy(suite);
      } else {
        for (pugi::xml_node test : suite.children("testcase")) it->second.append_copy(test);
      }
      time_of[name] += suite.attribute("time").as_double();
    }
  }
  for (auto& [name, suite] : by_name) {
    CountTestcases(suite);
    pugi::xml_attribute t = suite.attribute("time");
    if (!t) t = suite.append_attribute("time");
    t.set_value(Seconds(time_of[name]).c_str());
  }
  SumCounts(root, "testsuite");
  std::ostringstream text;
  out.save(text, "  ", pugi::format_default, pugi::encoding_utf8);
  return text.str();
}

JsonReport MergeJsonReports(const std::vector<JsonReport>& reports) {
  JsonReport merged;
  for (const JsonReport& report : reports) {
    merged.results.insert(merged.results.end(), report.results.begin(), report.results.end());
    merged.total_seconds += report.total_seconds;
  }
  return merged;
}

}  // namespace armada::report
