// The pod log read against an in-process fake Kubernetes API server: the
// request kubectl logs would make, and refusals named.
#include "kube/pod_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http/testing/fake_http_server.h"

namespace armada::kube {
namespace {

using http::testing::FakeHttpServer;
using http::testing::ReceivedRequest;
using http::testing::Reply;
using ::testing::HasSubstr;

ClusterAccess AccessTo(const FakeHttpServer& server) {
  ClusterAccess access;
  access.context = "kind-armada";
  access.server = server.url();
  access.token = "secret-token";
  return access;
}

const std::chrono::seconds kTimeout{10};

TEST(PodLogTest, ArmadaNamesAJobsPodAfterTheJob) {
  EXPECT_EQ(ArmadaPodName("01hx3k", 0), "armada-01hx3k-0");
  EXPECT_EQ(ArmadaPodName("01hx3k", 2), "armada-01hx3k-2");
}

TEST(PodLogTest, AsksForTheContainersTailWithTheContextsCredentials) {
  FakeHttpServer server([](const ReceivedRequest&) {
    return Reply{200, "line-1\nline-2\n", "text/plain"};
  });
  PodLogQuery query;
  query.pod_namespace = "team-a";
  query.pod = ArmadaPodName("01abc", 0);
  query.container = "main";
  query.tail_lines = 20;
  query.limit_bytes = 65536;
  StatusOr<std::string> log = ReadPodLog(AccessTo(server), query, kTimeout);
  ASSERT_TRUE(log.ok()) << log.status().message();
  EXPECT_EQ(*log, "line-1\nline-2\n");
  const std::vector<ReceivedRequest> got = server.Requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "GET");
  EXPECT_EQ(got[0].target,
            "/api/v1/namespaces/team-a/pods/armada-01abc-0/log?container=main&tailLines=20&"
            "limitBytes=65536");
  EXPECT_EQ(got[0].headers.at("authorization"), "Bearer secret-token");
}

TEST(PodLogTest, NoNamespaceIsDefaultAndUnsetBoundsAreNotSent) {
  FakeHttpServer server([](const ReceivedRequest&) { return Reply{200, "", "text/plain"}; });
  PodLogQuery query;
  query.pod = "armada-x-0";
  StatusOr<std::string> log = ReadPodLog(AccessTo(server), query, kTimeout);
  ASSERT_TRUE(log.ok()) << log.status().message();
  EXPECT_EQ(*log, "");
  EXPECT_EQ(server.Requests().at(0).target, "/api/v1/namespaces/default/pods/armada-x-0/log");
}

TEST(PodLogTest, ForbiddenAndNotFoundAreNamed) {
  FakeHttpServer forbidden([](const ReceivedRequest&) {
    return Reply{403,
                 R"({"kind":"Status","status":"Failure","message":"pods \"armada-j-0\" is )"
                 R"(forbidden: User \"ci\" cannot get resource \"pods/log\"","reason":"Forbidden",)"
                 R"("code":403})"};
  });
  PodLogQuery query;
  query.pod = "armada-j-0";
  query.container = "main";
  StatusOr<std::string> refused = ReadPodLog(AccessTo(forbidden), query, kTimeout);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(),
              HasSubstr("the log of pod armada-j-0 in namespace default, container main (kube "
                        "context kind-armada, http://127.0.0.1:"));
  EXPECT_THAT(refused.status().message(),
              HasSubstr("HTTP 403 Forbidden: pods \"armada-j-0\" is forbidden: User \"ci\" "
                        "cannot get resource \"pods/log\""));

  FakeHttpServer gone([](const ReceivedRequest&) {
    return Reply{404, R"({"kind":"Status","message":"pods \"armada-j-0\" not found","code":404})"};
  });
  StatusOr<std::string> missing = ReadPodLog(AccessTo(gone), query, kTimeout);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(),
              HasSubstr("HTTP 404 Not Found: pods \"armada-j-0\" not found (Armada's executor "
                        "deletes a job's pod some time after the job ends)"));
}

TEST(PodLogTest, NoServerIsAnErrorNamingThePod) {
  ClusterAccess access;
  access.context = "gone";
  access.server = "http://127.0.0.1:1";
  PodLogQuery query;
  query.pod = "armada-j-0";
  StatusOr<std::string> log = ReadPodLog(access, query, kTimeout);
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(log.status().message(), HasSubstr("the log of pod armada-j-0"));
}

}  // namespace
}  // namespace armada::kube
