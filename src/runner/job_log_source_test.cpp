// The one choice of getLogs' source: Binoculars when configured, else the
// Kubernetes API, else none with a note saying where logs come from.
#include "runner/job_log_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http/testing/fake_http_server.h"

namespace armada::runner {
namespace {

using http::testing::FakeHttpServer;
using http::testing::ReceivedRequest;
using http::testing::Reply;
using ::testing::HasSubstr;
using ::testing::StartsWith;

kube::ClusterAccess Access(const std::string& server) {
  kube::ClusterAccess access;
  access.context = "kind-armada";
  access.server = server;
  return access;
}

TEST(JobLogSourceTest, BinocularsWinsOverAKubeconfig) {
  ClientConfig config;
  config.armada_url = "binoculars.example:50051";
  const Connection binoculars(config);
  const JobLogSource source = ChooseJobLogSource(&binoculars, Access("http://127.0.0.1:1"));
  ASSERT_TRUE(source.fetch);
  EXPECT_THAT(source.where, StartsWith("Binoculars at binoculars.example:50051"));
}

TEST(JobLogSourceTest, WithoutBinocularsThePodLogOfTheJobsFirstPod) {
  FakeHttpServer api([](const ReceivedRequest&) { return Reply{200, "a\nb\n", "text/plain"}; });
  const JobLogSource source = ChooseJobLogSource(nullptr, Access(api.url()));
  ASSERT_TRUE(source.fetch);
  EXPECT_EQ(source.where, "the Kubernetes API (kube context kind-armada, " + api.url() + ")");
  JobLogRequest request;
  request.job_id = "01job";
  request.pod_namespace = "ns";
  request.container = "main";
  StatusOr<std::string> log = source.fetch(request);
  ASSERT_TRUE(log.ok()) << log.status().message();
  EXPECT_EQ(*log, "a\nb\n");
  EXPECT_EQ(api.Requests().at(0).target,
            "/api/v1/namespaces/ns/pods/armada-01job-0/log?container=main&tailLines=20&"
            "limitBytes=65536");
}

TEST(JobLogSourceTest, NeitherIsANoteNamingBothAndWhy) {
  const JobLogSource source =
      ChooseJobLogSource(nullptr, Status::Error("no kubeconfig found (read /home/x/.kube/config)"));
  EXPECT_FALSE(source.fetch);
  EXPECT_THAT(source.where, HasSubstr("--binocularsUrl"));
  EXPECT_THAT(source.where, HasSubstr("kubeconfig's current context"));
  EXPECT_THAT(source.where, HasSubstr("(no kubeconfig found (read /home/x/.kube/config))"));
  EXPECT_EQ(source.where.find('\n'), std::string::npos);  // one line
}

}  // namespace
}  // namespace armada::runner
