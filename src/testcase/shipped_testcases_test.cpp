// Every test case this project ships must load, and survive a round trip
// through MessageToYaml unchanged.
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "testcase/glob.h"
#include "testcase/loader.h"
#include "testcase/proto_to_yaml.h"

namespace armada::testcase {
namespace {

std::string SourceDir() { return ARMADA_TS_SOURCE_DIR; }

std::vector<std::string> ShippedFiles() {
  auto files = ExpandPatterns(SourceDir() + "/testcases/**/*.y*ml");
  EXPECT_TRUE(files.ok()) << files.status().message();
  return files.ok() ? *files : std::vector<std::string>{};
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ShippedTestcasesTest, IncludesTheRequiredCases) {
  const std::vector<std::string> files = ShippedFiles();
  for (const char* name :
       {"categorization/oom.yaml", "categorization/user_error.yaml", "basic/submit_1x1.yaml",
        "basic/submit_2x3.yaml", "basic/failure_1x1.yaml", "basic/cancel_by_id_1x1.yaml",
        "basic/cancel_by_ids_1x10.yaml", "basic/cancel_by_set_1x1.yaml"}) {
    const std::string path = SourceDir() + "/testcases/" + name;
    EXPECT_NE(std::find(files.begin(), files.end(), path), files.end()) << path;
  }
}

TEST(ShippedTestcasesTest, EveryFileLoadsAndRoundTrips) {
  const std::vector<std::string> files = ShippedFiles();
  ASSERT_GE(files.size(), 8u);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    auto loaded = LoadTestCase(file);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    EXPECT_FALSE(loaded->name().empty());
    EXPECT_FALSE(loaded->job_set_id().empty());
    // e2e-test-queue, or a queue of the case's own named after it (node/).
    EXPECT_EQ(loaded->queue().rfind("e2e-test-queue", 0), 0u) << loaded->queue();

    auto as_written = ParseTestCaseAsWritten(Read(file), file);
    ASSERT_TRUE(as_written.ok()) << as_written.status().message();
    const std::string yaml = MessageToYaml(*as_written);
    auto again = ParseTestCaseAsWritten(yaml, file + " (rewritten)");
    ASSERT_TRUE(again.ok()) << again.status().message() << "\n" << yaml;
    std::string diff;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differencer.Compare(*as_written, *again)) << diff;
  }
}

TEST(ShippedTestcasesTest, CategorizationCasesExpectTheirCategory) {
  auto oom = LoadTestCase(SourceDir() + "/testcases/categorization/oom.yaml");
  ASSERT_TRUE(oom.ok()) << oom.status().message();
  ASSERT_EQ(oom->expected_events_size(), 2);
  EXPECT_TRUE(oom->expected_events(0).has_submitted());
  ASSERT_EQ(oom->expected_events(1).failed().categories_size(), 1);
  EXPECT_EQ(oom->expected_events(1).failed().categories(0), "oom");
  EXPECT_EQ(oom->jobs(0).pod_spec().containers(0).resources().limits().at("memory").string(),
            "25Mi");

  auto user_error = LoadTestCase(SourceDir() + "/testcases/categorization/user_error.yaml");
  ASSERT_TRUE(user_error.ok()) << user_error.status().message();
  EXPECT_EQ(user_error->expected_events(1).failed().categories(0), "user_error");
}

}  // namespace
}  // namespace armada::testcase
