#include "report/pushgateway.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http/testing/fake_http_server.h"

namespace armada::report {
namespace {

using http::testing::FakeHttpServer;
using http::testing::ReceivedRequest;
using http::testing::Reply;
using ::testing::HasSubstr;

std::vector<TestMetrics> TwoTests() {
  const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  TestMetrics timed_out{"oom_1x1", "ci", "kind", t0, t0 + std::chrono::seconds(100), true, true};
  TestMetrics failed{"say \"hi\"", "", "", t0, t0 + std::chrono::seconds(3), false, true};
  return {timed_out, failed};
}

TEST(PushgatewayTest, TheFourMetricsWithArmadasNamesAndLabels) {
  const std::string text = FormatMetrics(TwoTests());
  EXPECT_EQ(text,
            "# HELP armada_testsuite_test_start_time The time at which a test started.\n"
            "# TYPE armada_testsuite_test_start_time counter\n"
            "armada_testsuite_test_start_time{testcase=\"oom_1x1\",environment=\"ci\","
            "target=\"kind\"} 1700000000\n"
            "armada_testsuite_test_start_time{testcase=\"say \\\"hi\\\"\",environment=\"\","
            "target=\"\"} 1700000000\n"
            "# HELP armada_testsuite_test_finish_time The time at which a test finished.\n"
            "# TYPE armada_testsuite_test_finish_time counter\n"
            "armada_testsuite_test_finish_time{testcase=\"oom_1x1\",environment=\"ci\","
            "target=\"kind\"} 1700000100\n"
            "armada_testsuite_test_finish_time{testcase=\"say \\\"hi\\\"\",environment=\"\","
            "target=\"\"} 1700000003\n"
            "# HELP armada_testsuite_test_timeout Outputs 1 on test timeout and 0 otherwise.\n"
            "# TYPE armada_testsuite_test_timeout gauge\n"
            "armada_testsuite_test_timeout{testcase=\"oom_1x1\",environment=\"ci\","
            "target=\"kind\"} 1\n"
            "armada_testsuite_test_timeout{testcase=\"say \\\"hi\\\"\",environment=\"\","
            "target=\"\"} 0\n"
            "# HELP armada_testsuite_test_failure Outputs 1 on test failure, not including "
            "timeout, and 0 otherwise.\n"
            "# TYPE armada_testsuite_test_failure gauge\n"
            "armada_testsuite_test_failure{testcase=\"oom_1x1\",environment=\"ci\","
            "target=\"kind\"} 0\n"
            "armada_testsuite_test_failure{testcase=\"say \\\"hi\\\"\",environment=\"\","
            "target=\"\"} 1\n");
}

TEST(PushgatewayTest, PutsToTheJobsGroup) {
  FakeHttpServer gateway([](const ReceivedRequest&) { return Reply{200, ""}; });
  ASSERT_TRUE(
      PushMetrics(gateway.url() + "/", "armada testsuite", TwoTests(), std::chrono::seconds(5))
          .ok());
  const auto got = gateway.Requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "PUT");
  EXPECT_EQ(got[0].target, "/metrics/job/armada%20testsuite");
  EXPECT_THAT(got[0].headers.at("content-type"), HasSubstr("version=0.0.4"));
  EXPECT_EQ(got[0].body, FormatMetrics(TwoTests()));
}

TEST(PushgatewayTest, RefusalAndNoGatewayAreErrors) {
  FakeHttpServer gateway([](const ReceivedRequest&) { return Reply{400, "bad metric"}; });
  const Status refused = PushMetrics(gateway.url(), "j", TwoTests(), std::chrono::seconds(5));
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(), HasSubstr("HTTP 400: bad metric"));
  const Status none = PushMetrics("http://127.0.0.1:1", "j", TwoTests(), std::chrono::seconds(5));
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.message(), HasSubstr("127.0.0.1:1/metrics/job/j"));
}

}  // namespace
}  // namespace armada::report
