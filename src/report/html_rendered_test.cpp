// The HTML report as a reader's browser builds it: headless Chromium loads a
// rendered report (the status filter's script runs, nothing may be fetched:
// its proxy answers nothing) and its DOM shows the filter preselected by the
// address, the failed test first and the timeline's state classes. Skipped
// when chromium is not installed (scripts/setup.sh installs it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "common/testing/spawn_logged.h"
#include "report/html_report.h"
#include "report/testing/sample_results.h"

namespace armada::report {
namespace {

namespace fs = std::filesystem;
using common::testing::Ran;
using common::testing::RunLogged;
using ::testing::HasSubstr;

class HtmlRenderedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (RunLogged({"/bin/sh", "-c", "command -v chromium"}).exit_code != 0) {
      GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it)";
    }
    std::string dir = (fs::temp_directory_path() / "html_rendered_XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    dir_ = dir;
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // The DOM Chromium built from the report at `address` (a file: URL).
  Ran Dom(const std::string& address) {
    return RunLogged({"chromium", "--headless", "--no-sandbox", "--disable-gpu",
                      "--proxy-server=127.0.0.1:9", "--user-data-dir=" + (dir_ / "chrome").string(),
                      "--dump-dom", address});
  }

  fs::path dir_;
};

TEST_F(HtmlRenderedTest, AddressPreselectsTheFilterAndTheDomKeepsFailedFirstAndStateClasses) {
  const WallTime t0 = testing::SampleStart();
  TestResult passed;
  passed.name = "fine";
  passed.outcome = Outcome::kPassed;
  passed.jobs = {testing::SampleJob("j1", t0, {{"submitted", 0}, {"succeeded", 500}})};
  TestResult stuck;
  stuck.name = "stuck";
  stuck.outcome = Outcome::kFailed;
  stuck.message = "timed out";
  stuck.started_at = t0;
  stuck.elapsed_seconds = 5;
  stuck.jobs = {testing::SampleJob("j2", t0, {{"submitted", 0}, {"running", 1000}})};
  ASSERT_TRUE(WriteHtml({passed, stuck}, 5, (dir_ / "report.html").string()).ok());
  const std::string url = "file://" + (dir_ / "report.html").string();

  const Ran all = Dom(url);
  ASSERT_EQ(all.exit_code, 0) << all.output;
  EXPECT_EQ(all.output.find(" hidden=\"\""), std::string::npos) << "all shown by default";
  EXPECT_LT(all.output.find("data-test=\"stuck\""), all.output.find("data-test=\"fine\""));
  EXPECT_THAT(all.output, HasSubstr("<rect class=\"bar state-running\""));
  EXPECT_THAT(all.output, HasSubstr("<g class=\"job-row unfinished\""));

  const Ran failed_only = Dom(url + "#show=failed");
  ASSERT_EQ(failed_only.exit_code, 0) << failed_only.output;
  const std::string& dom = failed_only.output;
  EXPECT_TRUE(std::regex_search(dom, std::regex(R"(<tr data-outcome="passed" hidden="")")))
      << dom.substr(0, 3000);
  EXPECT_TRUE(std::regex_search(
      dom, std::regex(R"(<section class="test passed" data-outcome="passed"[^>]* hidden="")")));
  EXPECT_FALSE(std::regex_search(dom, std::regex(R"(data-outcome="failed"[^>]* hidden)")));
}

}  // namespace
}  // namespace armada::report
