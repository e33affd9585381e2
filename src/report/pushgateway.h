// The four metrics Armada's Go testsuite pushes to a Prometheus pushgateway
// (--prometheusPushgatewayUrl), with the same names, types, help and labels,
// so dashboards and alerts built on it keep working:
//
//   armada_testsuite_test_start_time   counter  start, seconds since the epoch
//   armada_testsuite_test_finish_time  counter  finish, seconds since the epoch
//   armada_testsuite_test_timeout      gauge    1 when the test timed out
//   armada_testsuite_test_failure      gauge    1 when it failed otherwise
//
// each labelled {testcase=NAME, environment=ENV, target=TARGET} from the test
// case's name, environment and target. Armada's runner splits failures by
// their message text (and counts every failure it cannot place as a
// timeout); here the caller states the split (report/failure_kind.h maps a
// failure's kind to Go's rule).
//
// Contract: PushMetrics replaces the job's group on the gateway (PUT
// URL/metrics/job/JOB, as the Go client's Push does) with the metrics in the
// Prometheus text exposition format, version 0.0.4. A transport error or a
// status other than 2xx is an error naming the URL.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/status.h"

namespace armada::report {

struct TestMetrics {
  std::string testcase, environment, target;
  std::chrono::system_clock::time_point start, finish;
  bool timed_out = false;  // the test_timeout gauge: 1 for Go's "any other failure"
  bool failed = false;     // the test_failure gauge (wins over timed_out)
};

// The exposition text: each family's HELP and TYPE, then one sample per test.
std::string FormatMetrics(const std::vector<TestMetrics>& tests);

// Pushes to gateway_url (e.g. http://pushgateway:9091) under job.
Status PushMetrics(const std::string& gateway_url, const std::string& job,
                   const std::vector<TestMetrics>& tests, std::chrono::milliseconds timeout);

}  // namespace armada::report
