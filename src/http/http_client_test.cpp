#include "http/http_client.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "http/testing/fake_http_server.h"

namespace armada::http {
namespace {

using testing::FakeHttpServer;
using testing::ReceivedRequest;
using testing::Reply;

std::string TempDir() {
  char tmpl[] = "/tmp/http_test.XXXXXX";
  return mkdtemp(tmpl);
}

TEST(HttpClientTest, SendsMethodHeadersAndBodyAndReturnsAnyStatus) {
  FakeHttpServer server([](const ReceivedRequest& r) { return Reply{418, "teapot:" + r.body}; });
  Request request;
  request.method = "PUT";
  request.url = server.url() + "/metrics/job/x";
  request.headers = {"Host: ingress.example", "Content-Type: text/plain"};
  request.body = "a 1\n";
  StatusOr<Response> response = Fetch(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->status, 418);
  EXPECT_EQ(response->body, "teapot:a 1\n");
  std::vector<ReceivedRequest> got = server.Requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "PUT");
  EXPECT_EQ(got[0].target, "/metrics/job/x");
  EXPECT_EQ(got[0].headers["host"], "ingress.example");
}

TEST(HttpClientTest, NoServerIsAnErrorNamingTheUrl) {
  int port;
  {
    FakeHttpServer gone([](const ReceivedRequest&) { return Reply{}; });
    port = gone.port();
  }
  Request request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  StatusOr<Response> response = Fetch(request);
  ASSERT_FALSE(response.ok());
  EXPECT_NE(response.status().message().find(request.url), std::string::npos)
      << response.status().message();
}

class HttpsTest : public ::testing::Test {
 protected:
  void SetUp() override { certs_ = testing::MakeTestCertificates(dir_); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_ = TempDir();
  testing::TestCertificates certs_;
};

TEST_F(HttpsTest, TrustsTheGivenCaAndPresentsTheClientCertificate) {
  FakeHttpServer server(
      [](const ReceivedRequest& r) {
        return Reply{200, r.client_subject};
      },
      testing::ServerTls{certs_.server_cert, certs_.server_key, certs_.ca_cert});
  Request request;
  request.url = server.url() + "/api/v1/nodes";
  request.tls.ca_pem = testing::ReadAll(certs_.ca_cert);
  request.tls.client_cert_pem = testing::ReadAll(certs_.client_cert);
  request.tls.client_key_pem = testing::ReadAll(certs_.client_key);
  StatusOr<Response> response = Fetch(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->body, "CN=tester");
}

TEST_F(HttpsTest, AnUntrustedServerIsRefusedUnlessVerificationIsOff) {
  FakeHttpServer server(
      [](const ReceivedRequest&) {
        return Reply{200, "ok"};
      },
      testing::ServerTls{certs_.server_cert, certs_.server_key, ""});
  Request request;
  request.url = server.url() + "/";
  EXPECT_FALSE(Fetch(request).ok());  // the system's CAs do not know fake-ca
  request.tls.verify = false;
  StatusOr<Response> response = Fetch(request);
  ASSERT_TRUE(response.ok()) << response.status().message();
  EXPECT_EQ(response->body, "ok");
}

TEST(UrlEncodeTest, EncodesReservedCharacters) {
  EXPECT_EQ(UrlEncode("armadaproject.io/node-pool=a b"), "armadaproject.io%2Fnode-pool%3Da%20b");
}

}  // namespace
}  // namespace armada::http
