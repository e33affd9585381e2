#include "runner/submitter.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "api/google_rpc.pb.h"
#include "api/localstack_protocol.h"
#include "runner/testing/fake_armada.h"

namespace armada::runner {
namespace {

using ::testing::AllOf;
using testing::FakeArmada;
using ::testing::HasSubstr;

// A BatchCallback that appends each accepted batch's ids to *ids.
BatchCallback Into(std::vector<std::string>* ids) {
  return [ids](const std::vector<std::string>& batch, std::chrono::system_clock::time_point) {
    ids->insert(ids->end(), batch.begin(), batch.end());
  };
}

api::TestSpec Spec(uint32_t batches, uint32_t size, int jobs) {
  api::TestSpec spec;
  spec.set_queue("q");
  spec.set_job_set_id("set");
  spec.set_num_batches(batches);
  spec.set_batch_size(size);
  for (int i = 0; i < jobs; ++i) spec.add_jobs()->set_namespace_("ns" + std::to_string(i));
  return spec;
}

TEST(SubmitterTest, BatchesOfCopies) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  TestLog log("submit");
  std::vector<std::string> ids;
  ASSERT_TRUE(SubmitJobs(Spec(2, 3, 2), connection, stop, log, Into(&ids)).ok());
  const auto submits = fake.Submits();
  ASSERT_EQ(submits.size(), 2u);
  EXPECT_EQ(submits[0].job_request_items_size(), 6);
  EXPECT_EQ(submits[0].queue(), "q");
  EXPECT_EQ(submits[0].job_set_id(), "set");
  EXPECT_EQ(ids.size(), 12u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 12u);
}

TEST(SubmitterTest, RandomClientIdsAreDistinctAndKeepGivenOnes) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  TestLog log("submit");
  api::TestSpec spec = Spec(1, 3, 2);
  spec.set_random_client_id(true);
  spec.mutable_jobs(1)->set_client_id("fixed");
  std::vector<std::string> ids;
  ASSERT_TRUE(SubmitJobs(spec, connection, stop, log, Into(&ids)).ok());
  std::set<std::string> random;
  int fixed = 0;
  const auto submits = fake.Submits();
  ASSERT_EQ(submits.size(), 1u);
  for (const auto& item : submits[0].job_request_items()) {
    if (item.client_id() == "fixed") {
      ++fixed;
    } else {
      EXPECT_FALSE(item.client_id().empty());
      random.insert(item.client_id());
    }
  }
  EXPECT_EQ(fixed, 3);
  EXPECT_EQ(random.size(), 3u);
}

TEST(SubmitterTest, RetriesWhileTheQueueIsNotVisible) {
  FakeArmada fake;
  fake.FailSubmits(2, grpc::StatusCode::NOT_FOUND);
  Connection connection = fake.Connect();
  StopSignal stop;
  TestLog log("submit");
  std::vector<std::string> ids;
  ASSERT_TRUE(SubmitJobs(Spec(1, 1, 1), connection, stop, log, Into(&ids)).ok());
  EXPECT_EQ(fake.SubmitCalls(), 3);
  EXPECT_EQ(ids.size(), 1u);
}

TEST(SubmitterTest, UnavailableIsRetriedWithoutDuplicateJobs) {
  FakeArmada fake;
  fake.LoseSubmitAnswers(1);  // the first batch is created, but its answer is lost
  Connection connection = fake.Connect();
  StopSignal stop;
  TestLog log("submit");
  std::vector<std::string> ids;
  ASSERT_TRUE(SubmitJobs(Spec(1, 3, 1), connection, stop, log, Into(&ids)).ok());
  EXPECT_EQ(fake.SubmitCalls(), 2);  // gRPC's retry policy sent it again
  const auto submits = fake.Submits();
  ASSERT_EQ(submits.size(), 2u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(submits[0].job_request_items(i).client_id().empty());
    EXPECT_EQ(submits[0].job_request_items(i).client_id(),
              submits[1].job_request_items(i).client_id());
  }
  EXPECT_EQ(fake.JobsCreated(), 3);
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 3u);
}

TEST(SubmitterTest, OtherErrorsAreNotRetried) {
  FakeArmada fake;
  fake.FailSubmits(1, grpc::StatusCode::INVALID_ARGUMENT);
  Connection connection = fake.Connect();
  StopSignal stop;
  TestLog log("submit");
  std::vector<std::string> ids;
  const Status status = SubmitJobs(Spec(1, 1, 1), connection, stop, log, Into(&ids));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("INVALID_ARGUMENT"));
  EXPECT_EQ(fake.SubmitCalls(), 1);
}

TEST(SubmitterTest, StopEndsSubmissionBetweenBatches) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  TestLog log("submit");
  api::TestSpec spec = Spec(5, 1, 1);
  *spec.mutable_interval() = google::protobuf::util::TimeUtil::SecondsToDuration(60);
  std::vector<std::string> ids;
  // Stops once the first batch went out, so the stop meets the interval.
  std::thread stopper([&] {
    while (fake.SubmitCalls() < 1) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    stop.Stop("interrupted by SIGINT");
  });
  const Status status = SubmitJobs(spec, connection, stop, log, Into(&ids));
  stopper.join();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("interrupted by SIGINT"));
  EXPECT_EQ(ids.size(), 1u);
}

TEST(SubmitterTest, BatchAcceptedWhileStopFiresKeepsItsJobIds) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  fake.DuringSubmit([&stop] { stop.Stop("interrupted by SIGTERM"); });
  TestLog log("submit");
  std::vector<std::string> ids;
  const Status status = SubmitJobs(Spec(3, 2, 1), connection, stop, log, Into(&ids));
  EXPECT_THAT(status.message(), HasSubstr("interrupted by SIGTERM"));
  EXPECT_EQ(fake.SubmitCalls(), 1);
  EXPECT_EQ(ids.size(), 2u);
}

TEST(SubmitterTest, EachAcceptedBatchIsHandedOverBeforeTheNextIsSent) {
  FakeArmada fake;
  Connection connection = fake.Connect();
  StopSignal stop;
  TestLog log("submit");
  std::vector<std::vector<std::string>> batches;
  std::vector<int> calls_seen;  // SubmitJobs calls the server had answered at each hand-over
  const Status status =
      SubmitJobs(Spec(3, 2, 1), connection, stop, log,
                 [&](const std::vector<std::string>& batch, std::chrono::system_clock::time_point) {
                   batches.push_back(batch);
                   calls_seen.push_back(fake.SubmitCalls());
                 });
  ASSERT_TRUE(status.ok()) << status.message();
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0], (std::vector<std::string>{"job-0-0", "job-0-1"}));
  EXPECT_EQ(batches[2], (std::vector<std::string>{"job-2-0", "job-2-1"}));
  EXPECT_EQ(calls_seen, (std::vector<int>{1, 2, 3}));
}

grpc::Status Refusal(const std::string& reason,
                     grpc::StatusCode code = grpc::StatusCode::INVALID_ARGUMENT,
                     const std::string& message = "services: no Kubernetes here") {
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  (*info.mutable_metadata())["field"] = "job_request_items[0].services";
  google::rpc::Status details;
  details.set_code(code);
  details.add_details()->PackFrom(info);
  return grpc::Status(code, message, details.SerializeAsString());
}

// armada-localstack's refusal names the field and says where to run the
// test: the skip reason says each once.
TEST(SubmitterTest, ASkipReasonSaysTheFieldAndTheAdviceOnce) {
  EXPECT_EQ(SkipReason(Refusal(kNeedsKubernetesReason, grpc::StatusCode::INVALID_ARGUMENT,
                               "job_request_items[0].services: services are Kubernetes Service "
                               "objects: run this test on a Kubernetes cluster (e.g. kind)")),
            "needs Kubernetes (job_request_items[0].services): services are Kubernetes Service "
            "objects: run this test on a Kubernetes cluster (e.g. kind)");
}

TEST(SubmitterTest, OnlyANeedsKubernetesOrNeedsRootErrorInfoIsASkipReason) {
  EXPECT_EQ(SkipReason(Refusal(kNeedsKubernetesReason)),
            "needs Kubernetes (job_request_items[0].services): services: no Kubernetes here: run "
            "it on a Kubernetes cluster such as kind");
  EXPECT_EQ(SkipReason(Refusal(kNeedsRootReason, grpc::StatusCode::FAILED_PRECONDITION,
                               "needs root for memory limits: no cgroup")),
            "needs root for memory limits: no cgroup");
  EXPECT_EQ(SkipReason(Refusal("SOMETHING_ELSE")), "");
  EXPECT_EQ(SkipReason(Refusal(kNeedsRootReason)), "")
      << "NEEDS_ROOT comes with FAILED_PRECONDITION only";
  EXPECT_EQ(SkipReason(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                    "needs Kubernetes, says the text")),
            "")
      << "the reason is read from the detail, never from the message";
  EXPECT_EQ(SkipReason(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "x", "garbage")), "");
}

}  // namespace
}  // namespace armada::runner
