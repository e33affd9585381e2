#include "report/junit.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fstream>
#include <sstream>

#include "report/testing/sample_results.h"

namespace armada::report {
namespace {

namespace pt = boost::property_tree;

std::vector<TestResult> SampleResults() {
  TestResult passed;
  passed.name = "submit_1x1";
  passed.file = "testcases/basic/submit_1x1.yaml";
  passed.queue = "e2e-test-queue";
  passed.job_set_id = "submit_1x1-abc";
  passed.outcome = Outcome::kPassed;
  passed.elapsed_seconds = 1.5;
  passed.jobs = {
      testing::SampleJob("01job", testing::SampleStart(), {{"submitted", 0}, {"succeeded", 1250}})};

  TestResult failed;
  failed.name = "oom";
  failed.file = "testcases/categorization/oom.yaml";
  failed.outcome = Outcome::kFailed;
  failed.message = "expected categories [user_error] but got [oom] & <more>";
  failed.log = "line one\nbad byte \x01 and \xff here\n";
  failed.jobs = {testing::SampleJob(
      "02job", testing::SampleStart(),
      {{"submitted", 0}, {"running", 300}, {"failed", 900, "reason \"OOMKilled\""}},
      "allocating\nkilled")};

  TestResult skipped;
  skipped.name = "later";
  skipped.outcome = Outcome::kInterrupted;
  skipped.message = "not run: --fail-fast stopped the run";

  TestResult error;
  error.name = "unreachable";
  error.outcome = Outcome::kError;
  error.message = "cannot reach Armada at localhost:1";
  return {passed, failed, skipped, error};
}

pt::ptree Parse(const std::string& xml) {
  std::istringstream in(xml);
  pt::ptree tree;
  pt::read_xml(in, tree);  // throws on malformed XML, failing the test
  return tree;
}

TEST(JUnitTest, RendersWellFormedXmlWithOneTestcasePerResult) {
  pt::ptree tree = Parse(RenderJUnit(SampleResults(), 12.25));
  const pt::ptree& suites = tree.get_child("testsuites");
  EXPECT_EQ(suites.get<int>("<xmlattr>.tests"), 4);
  EXPECT_EQ(suites.get<int>("<xmlattr>.failures"), 1);
  EXPECT_EQ(suites.get<int>("<xmlattr>.errors"), 1);
  EXPECT_EQ(suites.get<int>("<xmlattr>.skipped"), 1);
  EXPECT_EQ(suites.get<std::string>("<xmlattr>.time"), "12.250");

  std::vector<pt::ptree> cases;
  for (const auto& [tag, child] : suites.get_child("testsuite")) {
    if (tag == "testcase") cases.push_back(child);
  }
  ASSERT_EQ(cases.size(), 4u);
  EXPECT_EQ(cases[0].get<std::string>("<xmlattr>.name"), "submit_1x1");
  EXPECT_EQ(cases[0].get<std::string>("<xmlattr>.classname"), "submit_1x1");
  EXPECT_FALSE(cases[0].get_child_optional("failure"));
  EXPECT_NE(cases[0].get<std::string>("system-out").find("+1.250s succeeded"), std::string::npos);

  EXPECT_EQ(cases[1].get<std::string>("failure.<xmlattr>.message"),
            "expected categories [user_error] but got [oom] & <more>");
  std::string out = cases[1].get<std::string>("system-out");
  EXPECT_NE(out.find("bad byte  and \xEF\xBF\xBD here"), std::string::npos) << out;
  EXPECT_NE(out.find("+0.900s failed reason \"OOMKilled\"\n  log (last lines):\n    | "
                     "allocating\n    | killed\n"),
            std::string::npos)
      << out;

  EXPECT_EQ(cases[2].get<std::string>("skipped.<xmlattr>.message"),
            "not run: --fail-fast stopped the run");
  EXPECT_FALSE(cases[3].get_child_optional("failure"));
  EXPECT_EQ(cases[3].get<std::string>("error.<xmlattr>.message"),
            "cannot reach Armada at localhost:1");
}

// Armada's runner (cmd/testsuite) names <testsuites> and <testsuite> after
// the --tests pattern and gives each <testcase> the test's name as both name
// and classname: the same names keep a CI's test history across the switch.
TEST(JUnitTest, NamesAsArmadasRunnerWritesThem) {
  std::vector<TestResult> results(2);
  results[0].name = "failure_oom_1x1";
  results[0].file = "testcases/categorization/oom.yaml";
  results[1].name = "submit_1x1";
  results[1].file = "/tmp/run/submit_1x1.yaml";
  pt::ptree tree = Parse(RenderJUnit(results, 1.0, "testcases/basic/*.yaml"));
  EXPECT_EQ(tree.get<std::string>("testsuites.<xmlattr>.name"), "testcases/basic/*.yaml");
  EXPECT_EQ(tree.get<std::string>("testsuites.testsuite.<xmlattr>.name"), "testcases/basic/*.yaml");
  std::vector<std::pair<std::string, std::string>> names;
  for (const auto& [tag, child] : tree.get_child("testsuites.testsuite")) {
    if (tag == "testcase") {
      names.emplace_back(child.get<std::string>("<xmlattr>.name"),
                         child.get<std::string>("<xmlattr>.classname"));
    }
  }
  EXPECT_EQ(names, (std::vector<std::pair<std::string, std::string>>{
                       {"failure_oom_1x1", "failure_oom_1x1"}, {"submit_1x1", "submit_1x1"}}));
}

// The two generations' runs of one pattern (run-local.sh with --tests) are
// two suites, told apart by the generation in the suite's name; their rows
// keep Go's classname, the test's name. The suite says when and where it ran.
TEST(JUnitTest, SuiteNameTellsTheGenerationAndTheSuiteHasTimestampAndHostname) {
  std::vector<TestResult> results(1);
  results[0].name = "oom";
  RunInfo run;
  run.started_at = testing::SampleStart() + std::chrono::milliseconds(250);
  run.hostname = "ci-7";
  const auto suite_of = [&](const std::string& generation) {
    return Parse(RenderJUnit(results, 1.0, SuiteName("testcases/*/*.yaml", generation), &run))
        .get_child("testsuites.testsuite");
  };
  const pt::ptree seeds = suite_of("v0.20.40"), current = suite_of("v0.22.7");
  EXPECT_EQ(seeds.get<std::string>("<xmlattr>.name"), "testcases/*/*.yaml [Armada v0.20.40]");
  EXPECT_EQ(current.get<std::string>("<xmlattr>.name"), "testcases/*/*.yaml [Armada v0.22.7]");
  EXPECT_EQ(seeds.get<std::string>("testcase.<xmlattr>.classname"), "oom");
  EXPECT_EQ(current.get<std::string>("testcase.<xmlattr>.classname"), "oom");
  EXPECT_EQ(seeds.get<std::string>("<xmlattr>.timestamp"), "2025-11-30T14:52:58");
  EXPECT_EQ(seeds.get<std::string>("<xmlattr>.hostname"), "ci-7");
  // Unknown generation: the pattern alone, as Go's runner names it.
  EXPECT_EQ(SuiteName("testcases/*/*.yaml", ""), "testcases/*/*.yaml");
}

TEST(JUnitTest, WriteReplacesTheFileWhole) {
  char dir_template[] = "/tmp/junit_test_XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string path = std::string(dir_template) + "/junit.xml";
  ASSERT_TRUE(WriteJUnit(SampleResults(), 1.0, path).ok());
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), RenderJUnit(SampleResults(), 1.0));
  EXPECT_NE(access((path + ".tmp").c_str(), F_OK), 0);
  std::remove(path.c_str());
  rmdir(dir_template);
}

TEST(JUnitTest, UnwritablePathIsAnError) {
  Status s = WriteJUnit(SampleResults(), 1.0, "/nonexistent-dir/junit.xml");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/nonexistent-dir/junit.xml"), std::string::npos);
}

}  // namespace
}  // namespace armada::report
