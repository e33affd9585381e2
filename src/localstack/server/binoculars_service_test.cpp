#include "localstack/server/binoculars_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "localstack/kubelet/job_logs.h"
#include "localstack/testing/job_dir_test.h"

namespace armada::localstack {
namespace {

using BinocularsServiceTest = testing::JobDirTest;

// No job is held, and cordoning is not this test's.
BinocularsService Service(const JobLogs& logs, std::string held_in = "") {
  return BinocularsService(
      logs, [held_in](const std::string&) { return held_in; },
      [](const grpc::ServerContextBase&, const std::string&) { return Status(); });
}

TEST_F(BinocularsServiceTest, AnswersAndRefusesAsDocumented) {
  WriteLog("main.log", "x\ny\n");
  const JobLogs logs((root_ / "kept").string());
  ASSERT_TRUE(logs.Keep("01abc", (root_ / "job").string()).ok());
  BinocularsService service = Service(logs);
  binoculars::LogRequest request;
  binoculars::LogResponse response;
  request.set_job_id("01abc");
  request.mutable_log_options()->set_container("main");
  request.mutable_log_options()->set_taillines(1);
  ASSERT_TRUE(service.Logs(nullptr, &request, &response).ok());
  ASSERT_EQ(response.log_size(), 1);
  EXPECT_EQ(response.log(0).line(), "y");
  EXPECT_EQ(response.log(0).timestamp(), "");
  request.mutable_log_options()->clear_taillines();
  response.Clear();
  ASSERT_TRUE(service.Logs(nullptr, &request, &response).ok());
  ASSERT_EQ(response.log_size(), 2);
  EXPECT_EQ(response.log(0).line(), "x");
  EXPECT_EQ(response.log(1).line(), "y");

  binoculars::LogRequest other = request;
  other.set_pod_number(1);
  EXPECT_EQ(service.Logs(nullptr, &other, &response).error_code(), grpc::StatusCode::NOT_FOUND);
  other = request;
  other.mutable_log_options()->set_follow(true);
  const grpc::Status follow = service.Logs(nullptr, &other, &response);
  EXPECT_EQ(follow.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(follow.error_message().find("follow"), std::string::npos);
  other = request;
  other.set_job_id("../etc");
  EXPECT_EQ(service.Logs(nullptr, &other, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  other = request;
  other.set_job_id("01zzz");
  EXPECT_EQ(service.Logs(nullptr, &other, &response).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(BinocularsServiceTest, ALogIsFoundOnlyInItsPodsNamespaceDefaultWhenNoneIsGiven) {
  WriteLog("main.log", "x\n");
  const JobLogs logs((root_ / "kept").string());
  ASSERT_TRUE(logs.Keep("01abc", (root_ / "job").string()).ok());
  binoculars::LogRequest request;
  binoculars::LogResponse response;
  request.set_job_id("01abc");
  BinocularsService in_default = Service(logs, "default");
  EXPECT_TRUE(in_default.Logs(nullptr, &request, &response).ok());
  request.set_pod_namespace("team-a");
  const grpc::Status elsewhere = in_default.Logs(nullptr, &request, &response);
  EXPECT_EQ(elsewhere.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(elsewhere.error_message().find("The pod with these logs doesn't exist"),
            std::string::npos);
  BinocularsService in_team = Service(logs, "team-a");
  EXPECT_TRUE(in_team.Logs(nullptr, &request, &response).ok());
}

}  // namespace
}  // namespace armada::localstack
