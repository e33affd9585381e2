#include "report/html_report.h"

#include <gtest/gtest.h>

#include "report/testing/sample_results.h"

namespace armada::report {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TestResult WithJobs(const std::string& name, size_t jobs, bool fail_first) {
  TestResult r;
  r.name = name;
  r.outcome = fail_first ? Outcome::kFailed : Outcome::kPassed;
  if (fail_first) r.message = "expected categories [user_error] but got [oom]";
  for (size_t i = 0; i < jobs; ++i) {
    if (fail_first && i == 0) {
      r.jobs.push_back(
          testing::SampleJob("job-" + std::to_string(i), testing::SampleStart(),
                             {{"submitted", 1},
                              {"running", 50},
                              {"failed", 90, "reason \"OOMKilled\", categories [oom]"}}));
      r.jobs.back().log_tail = "allocating <lots>";
    } else {
      r.jobs.push_back(testing::SampleJob("job-" + std::to_string(i), testing::SampleStart(),
                                          {{"submitted", 1},
                                           {"queued", 2},
                                           {"leased", 10},
                                           {"running", 20},
                                           {"succeeded", 30 + static_cast<int>(i)}}));
    }
  }
  return r;
}

TEST(HtmlReportTest, OneSectionPerTestAndOneRowPerJob) {
  const std::string html = RenderHtml({WithJobs("a", 3, true), WithJobs("b<script>", 2, false)}, 2);
  EXPECT_EQ(Count(html, "<section class=\"test "), 2u);
  EXPECT_EQ(Count(html, "<g class=\"job-row "), 5u);
  EXPECT_EQ(Count(html, "<g class=\"job-row failed\""), 1u);
  EXPECT_NE(
      html.find("<pre class=\"failure\">expected categories [user_error] but got [oom]</pre>"),
      std::string::npos);
  EXPECT_NE(html.find("Failure categories seen: <code>oom</code>"), std::string::npos);
  EXPECT_NE(html.find("<pre>allocating &lt;lots&gt;</pre>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);  // escaped name, no script at all
  EXPECT_EQ(html.find("http"), std::string::npos);     // nothing to fetch
  EXPECT_EQ(html.find("url("), std::string::npos);
}

TEST(HtmlReportTest, ManyJobsAreAHistogram) {
  const std::string html = RenderHtml({WithJobs("big", kMaxTimelineRows + 1, true)}, 1);
  EXPECT_EQ(Count(html, "<g class=\"job-row"), 0u);
  EXPECT_EQ(Count(html, "<svg class=\"histogram\""), 1u);
  EXPECT_NE(html.find(">1 failed</title>"), std::string::npos);
  EXPECT_LT(html.size(), 100'000u);
}

}  // namespace
}  // namespace armada::report
