#include "report/html_report.h"

#include <gtest/gtest.h>

#include <algorithm>

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
  std::vector<JobTimeline> timelines;
  for (size_t i = 0; i < jobs; ++i) {
    if (fail_first && i == 0) {
      timelines.push_back(
          testing::SampleJob("job-" + std::to_string(i), testing::SampleStart(),
                             {{"submitted", 1},
                              {"running", 50},
                              {"failed", 90, "reason \"OOMKilled\", categories [oom]"}},
                             "allocating <lots>"));
    } else {
      timelines.push_back(testing::SampleJob("job-" + std::to_string(i), testing::SampleStart(),
                                             {{"submitted", 1},
                                              {"queued", 2},
                                              {"leased", 10},
                                              {"running", 20},
                                              {"succeeded", 30 + static_cast<int>(i)}}));
    }
  }
  r.jobs = std::move(timelines);
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
  // The name is escaped: the one script is the filter's, inline.
  EXPECT_EQ(Count(html, "<script"), 1u);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);  // nothing to fetch
  EXPECT_EQ(html.find("url("), std::string::npos);
}

TEST(HtmlReportTest, ManyJobsAreAHistogram) {
  const std::string html = RenderHtml({WithJobs("big", kMaxTimelineRows + 1, true)}, 1);
  EXPECT_EQ(Count(html, "<g class=\"job-row"), 0u);
  EXPECT_EQ(Count(html, "<svg class=\"histogram\""), 1u);
  EXPECT_NE(html.find(">1 failed</title>"), std::string::npos);
  EXPECT_LT(html.size(), 100'000u);
}

TestResult Named(const std::string& name, Outcome outcome) {
  TestResult r = WithJobs(name, 1, false);
  r.outcome = outcome;
  return r;
}

TEST(HtmlReportTest, FailedTestsComeFirstInTheTableAndTheSections) {
  const std::string html = RenderHtml(
      {Named("p1", Outcome::kPassed), Named("s1", Outcome::kSkipped), Named("f1", Outcome::kFailed),
       Named("e1", Outcome::kError), Named("f2", Outcome::kFailed)},
      1);
  std::vector<size_t> rows, sections;
  for (const char* name : {"f1", "f2", "e1", "s1", "p1"}) {
    rows.push_back(html.find(">" + std::string(name) + "</a></td>"));
    sections.push_back(html.find("data-test=\"" + std::string(name) + "\""));
  }
  EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end())) << html;
  EXPECT_TRUE(std::is_sorted(sections.begin(), sections.end()));
  // Links keep the run's order: f1 was the third test.
  EXPECT_NE(html.find("<a href=\"#test-2\">f1</a>"), std::string::npos);
}

TEST(HtmlReportTest, FilterHasACheckboxPerOutcomeOfTheRunAndMarksWhatItFilters) {
  const std::string html =
      RenderHtml({Named("p1", Outcome::kPassed), Named("f1", Outcome::kFailed)}, 1);
  EXPECT_NE(html.find("<input type=\"checkbox\" value=\"failed\" checked>"), std::string::npos);
  EXPECT_NE(html.find("<input type=\"checkbox\" value=\"passed\" checked>"), std::string::npos);
  EXPECT_EQ(html.find("value=\"error\""), std::string::npos);
  EXPECT_EQ(Count(html, "<tr data-outcome=\""), 2u);
  EXPECT_EQ(Count(html, "<section class=\"test failed\" data-outcome=\"failed\""), 1u);
}

TEST(HtmlReportTest, OnlyTheOutcomeWordsTakeTheOutcomeColour) {
  const std::string html = RenderHtml({WithJobs("a", 1, true)}, 1);
  // A colour rule names the "result" class, so a section's legend and text
  // keep the page's colour.
  EXPECT_EQ(html.find("}.failed{"), std::string::npos);
  EXPECT_NE(html.find(".result.failed{color:"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"result failed\">failed</span></h2>"), std::string::npos);
}

TEST(HtmlReportTest, AJobThatHadNotEndedStaysInItsLastStateUntilTheTestEnded) {
  TestResult r;
  r.name = "stuck";
  r.outcome = Outcome::kFailed;
  r.started_at = testing::SampleStart();
  r.elapsed_seconds = 10;
  r.jobs = {testing::SampleJob("j", testing::SampleStart(),
                               {{"submitted", 0}, {"pending", 100}, {"running", 1000}})};
  const std::string html = RenderHtml({r}, 10);
  // The running bar goes from +1s to the test's end at +10s: 9s wide.
  const size_t running = html.find("<rect class=\"bar state-running\"");
  ASSERT_NE(running, std::string::npos) << html;
  EXPECT_NE(html.find("<title>running 9.000s</title>", running), std::string::npos);
  EXPECT_EQ(Count(html, "<circle class=\"end\""), 0u);
  EXPECT_NE(html.find("<circle class=\"end not-ended\""), std::string::npos);
  EXPECT_NE(html.find("<title>running when the test ended</title>"), std::string::npos);
  EXPECT_NE(html.find("<g class=\"job-row unfinished\""), std::string::npos);
  // The axis spans the test, and its last label ends at its tick.
  EXPECT_NE(html.find("text-anchor=\"end\">10.000s</text>"), std::string::npos) << html;
}

TEST(HtmlReportTest, CancellingIsAStateOfItsOwnAndUtilisationChangesNoState) {
  TestResult r;
  r.name = "cancel";
  r.outcome = Outcome::kPassed;
  r.jobs = {testing::SampleJob("j", testing::SampleStart(),
                               {{"submitted", 0},
                                {"running", 100},
                                {"utilisation", 200},
                                {"cancelling", 300},
                                {"cancelled", 400}})};
  const std::string html = RenderHtml({r}, 1);
  EXPECT_NE(html.find("<title>running 0.200s</title>"), std::string::npos) << html;
  EXPECT_NE(html.find("<rect class=\"bar state-cancelling\""), std::string::npos);
  EXPECT_EQ(html.find("state-other"), std::string::npos);
  EXPECT_NE(html.find("</i>cancelling</span>"), std::string::npos);  // in the legend
}

}  // namespace
}  // namespace armada::report
