// End to end: armada-localstack with localstack.yaml's `auth`, against a real
// OpenID provider (oidc-provider on loopback, auth/testing/oidc_provider.h)
// and with basic auth: who is let in, what each may do, and how a refusal
// reads — through armada-testsuite's own client modes and through plain gRPC
// calls. The authorization rows of the "answers as Armada" conformance suite
// (AuthorizationConformance.*).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "api/job.grpc.pb.h"
#include "auth/make_credentials.h"
#include "auth/testing/forged_token.h"
#include "auth/testing/oidc_provider.h"
#include "common/base64.h"
#include "common/testing/spawn_logged.h"
#include "localstack/testing/localstack_test_server.h"

namespace armada::localstack {
namespace {

using namespace testing;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kAlicePassword[] = "pw-alice-7a1c";
constexpr char kBobPassword[] = "pw-bob-0b0b";
constexpr char kCarolPassword[] = "pw-carol-ca40";

using common::testing::ReadFile;

class AuthorizationConformance : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir("authz-e2e"); }
  void TearDown() override {
    stack_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // The provider: alice (armada-users: may create queues), bob (no group),
  // carol (ops: cancel_any_jobs); the public client "cli" has the password grant.
  void StartProvider(int ttl_seconds = 3600) {
    auth::testing::ProviderSettings settings;
    settings.audience = "armada";
    settings.access_token_ttl_seconds = ttl_seconds;
    settings.clients = {{"cli", "", {"password"}, {}}};
    settings.users = {{"alice", kAlicePassword, {"armada-users"}},
                      {"bob", kBobPassword, {}},
                      {"carol", kCarolPassword, {"ops"}}};
    auto provider = auth::testing::OidcProvider::Start(settings);
    ASSERT_TRUE(provider.ok()) << provider.status().message();
    provider_ = std::move(*provider);
  }

  // The shipped localstack.yaml with `auth` added; the server started on it.
  void StartServer(const std::string& auth, const std::string& name = "localstack.yaml") {
    const std::string config = dir_ + "/" + name;
    std::ofstream(config) << ReadFile(ARMADA_TS_SOURCE_DIR "/e2e-config/localstack.yaml") << "\n"
                          << auth;
    stack_ = std::make_unique<LocalStack>(std::vector<std::string>{"--localstack-config", config});
    ASSERT_FALSE(stack_->address().empty());
    open_ = ChannelWithToken(stack_->address(), "");
  }

  std::string OpenIdAuth(const std::string& client_id = "armada") {
    return "auth:\n"
           "  openIdAuth:\n"
           "    providerUrl: " +
           provider_->issuer() +
           "\n"
           "    clientId: " +
           client_id +
           "\n"
           "    groupsClaim: groups\n"
           "  permissionGroupMapping:\n"
           "    create_queue: [armada-users]\n"
           "    cancel_any_jobs: [ops]\n";
  }

  // "Bearer <access token>" of `user`, from the provider's password grant.
  std::string Bearer(const std::string& user, const std::string& password) {
    auth::AuthSettings s;
    s.open_id_password = {provider_->issuer(), "cli", user, password, {}};
    auto header = auth::MakeCredentials(s, auth::AuthEnvironment())->Authorization();
    EXPECT_TRUE(header.ok()) << header.status().message();
    return header.ok() ? *header : "";
  }

  // A client config of armada-testsuite's for this server and `auth_keys`.
  std::string ClientConfig(const std::string& auth_keys) {
    const std::string path = dir_ + "/armadactl.yaml";
    std::ofstream(path) << "armadaUrl: " << stack_->address() << "\nforceNoTls: true\n"
                        << auth_keys;
    return path;
  }

  std::string PasswordConfig(const std::string& user, const std::string& password) {
    return ClientConfig("openIdPasswordAuth:\n  providerUrl: " + provider_->issuer() +
                        "\n  clientId: cli\n  username: " + user + "\n  password: " + password +
                        "\n");
  }

  // armada-testsuite run from the source tree; its console and JUnit file.
  common::testing::Ran RunSuite(const std::string& config, const std::string& tests,
                                bool create_queues) {
    std::vector<std::string> argv = {ARMADA_TS_BINARY_DIR "/bin/armada-testsuite",
                                     "test",
                                     "--tests",
                                     tests,
                                     "--config",
                                     config,
                                     "--junit",
                                     dir_ + "/junit.xml"};
    if (create_queues) argv.push_back("--create-queues");
    common::testing::Ran ran = common::testing::RunLogged(argv, ARMADA_TS_SOURCE_DIR);
    ran.output += ReadFile(dir_ + "/junit.xml");
    return ran;
  }

  grpc::Status CreateQueue(const std::string& authorization, const std::string& name) {
    grpc::ClientContext ctx;
    if (!authorization.empty()) ctx.AddMetadata("authorization", authorization);
    api::Queue queue;
    queue.set_name(name);
    queue.set_priority_factor(1);
    google::protobuf::Empty empty;
    return api::Submit::NewStub(open_)->CreateQueue(&ctx, queue, &empty);
  }

  grpc::Status Submit(const std::string& authorization, std::string* job_id) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", authorization);
    api::JobSubmitRequest request;
    request.set_queue("q");
    request.set_job_set_id("s");
    *request.add_job_request_items() = Job({"sleep", "60"});
    api::JobSubmitResponse response;
    const grpc::Status s = api::Submit::NewStub(open_)->SubmitJobs(&ctx, request, &response);
    if (s.ok()) *job_id = response.job_response_items(0).job_id();
    return s;
  }

  grpc::Status Cancel(const std::string& authorization, const std::string& job_id) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", authorization);
    api::JobCancelRequest request;
    request.set_queue("q");
    request.set_job_set_id("s");
    request.add_job_ids(job_id);
    api::CancellationResult result;
    return api::Submit::NewStub(open_)->CancelJobs(&ctx, request, &result);
  }

  grpc::Status GetQueue(const std::string& authorization) {
    grpc::ClientContext ctx;
    if (!authorization.empty()) ctx.AddMetadata("authorization", authorization);
    api::QueueGetRequest request;
    request.set_name("q");
    api::Queue queue;
    return api::Submit::NewStub(open_)->GetQueue(&ctx, request, &queue);
  }

  std::string dir_;
  std::unique_ptr<auth::testing::OidcProvider> provider_;
  std::unique_ptr<LocalStack> stack_;
  std::shared_ptr<grpc::Channel> open_;
};

TEST_F(AuthorizationConformance, APermittedOpenIdUserPassesTheShippedSuite) {
  StartProvider();
  StartServer(OpenIdAuth());
  // alice may create queues; as their creator she owns them, so she may
  // submit, cancel and watch there.
  const common::testing::Ran run =
      RunSuite(PasswordConfig("alice", kAlicePassword), "testcases/basic/*.yaml",
               /*create_queues=*/true);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, ::testing::Not(HasSubstr("PERMISSION_DENIED")));
}

TEST_F(AuthorizationConformance, AUserWithoutSubmitOnTheQueueIsDeniedNamedInTheTestsError) {
  StartProvider();
  StartServer(OpenIdAuth());
  // The queue exists (made with the server's token), but bob holds nothing on it.
  ASSERT_TRUE(stack_->CreateQueue("e2e-test-queue").ok());
  const common::testing::Ran run =
      RunSuite(PasswordConfig("bob", kBobPassword), "testcases/basic/submit_1x1.yaml",
               /*create_queues=*/false);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.output,
              AllOf(HasSubstr("PERMISSION_DENIED"),
                    HasSubstr("bob lacks permission submit required for action submit for queue "
                              "e2e-test-queue")));
}

TEST_F(AuthorizationConformance, AGroupMappedToCancelAnyJobsCancelsAnotherOwnersJobs) {
  StartProvider();
  StartServer(OpenIdAuth());
  const std::string alice = Bearer("alice", kAlicePassword);
  const std::string bob = Bearer("bob", kBobPassword);
  const std::string carol = Bearer("carol", kCarolPassword);
  ASSERT_TRUE(CreateQueue(alice, "q").ok());
  std::string job_id;
  ASSERT_TRUE(Submit(alice, &job_id).ok());
  // Neither bob nor carol may submit there.
  std::string ignored;
  EXPECT_EQ(Submit(carol, &ignored).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // bob may not cancel alice's job: UNKNOWN, as v0.22.7's server answers.
  const grpc::Status refused = Cancel(bob, job_id);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_THAT(refused.error_message(),
              HasSubstr("bob lacks permission cancel required for action /api.Submit/CancelJobs"));
  // carol's group ops holds cancel_any_jobs.
  const grpc::Status cancelled = Cancel(carol, job_id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error_message();
  const Events events = stack_->UntilTerminal(job_id);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(Kind(events.back()), "cancelled");

  // Who is named where, as Armada's servers name them (cluster.h, Requestor):
  // the job is alice's, with her groups; the cancel is carol's.
  ASSERT_EQ(Kind(events.front()), "submitted");
  const api::Job& job = events.front().message().submitted().job();
  EXPECT_EQ(job.owner(), "alice");
  EXPECT_THAT(job.queue_ownership_user_groups(), ElementsAre("armada-users", "everyone"));
  for (const auto& e : events) {
    if (Kind(e) == "cancelling") {
      EXPECT_EQ(e.message().cancelling().requestor(), "carol");
    } else if (Kind(e) == "cancelled") {
      EXPECT_EQ(e.message().cancelled().requestor(), "");
    }
  }
  api::JobDetailsRequest request;
  request.add_job_ids(job_id);
  api::JobDetailsResponse details;
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", carol);
  ASSERT_TRUE(api::Jobs::NewStub(open_)->GetJobDetails(&ctx, request, &details).ok());
  EXPECT_EQ(details.job_details().at(job_id).cancel_user(), "carol");
}

TEST_F(AuthorizationConformance, ExpiredWronglySignedAndWrongAudienceTokensAreUnauthenticated) {
  StartProvider(/*ttl_seconds=*/5);
  StartServer(OpenIdAuth());
  const std::string token = Bearer("alice", kAlicePassword).substr(std::string("Bearer ").size());
  const auto issued = std::chrono::system_clock::now();
  ASSERT_TRUE(GetQueue("Bearer " + token).error_code() != grpc::StatusCode::UNAUTHENTICATED);

  auto forged = auth::testing::ForgeToken(token);
  ASSERT_TRUE(forged.ok()) << forged.status().message();
  const grpc::Status wrongly_signed = GetQueue("Bearer " + *forged);
  EXPECT_EQ(wrongly_signed.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(wrongly_signed.error_message(),
              AllOf(HasSubstr("Invalid credentials presented via auth service \"OIDC\""),
                    HasSubstr("failed to verify signature")));

  // Waits on the token's own expiry (exp has whole seconds).
  while (std::chrono::system_clock::now() < issued + std::chrono::seconds(6)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const grpc::Status expired = GetQueue("Bearer " + token);
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(expired.error_message(), HasSubstr("oidc: token is expired"));

  // A server whose clientId is not the tokens' audience.
  StartServer(OpenIdAuth("another-client"), "other.yaml");
  const grpc::Status audience = GetQueue(Bearer("alice", kAlicePassword));
  EXPECT_EQ(audience.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(audience.error_message(),
              HasSubstr("oidc: expected audience \"another-client\" got [\"armada\"]"));
  // No credentials at all, without anonymousAuth.
  const grpc::Status none = GetQueue("");
  EXPECT_EQ(none.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(none.error_message(), HasSubstr("could not be authenticated"));
}

TEST_F(AuthorizationConformance, BasicAuthUsersAndAnonymousAuth) {
  StartServer(
      "auth:\n"
      "  anonymousAuth: true\n"
      "  basicAuth:\n"
      "    users:\n"
      "      dave: {password: pw-dave-d4, groups: [testers]}\n"
      "  permissionGroupMapping:\n"
      "    create_queue: [testers]\n"
      "    watch_all_events: [testers]\n");
  // dave runs a case with armada-testsuite's basicAuth: he creates its
  // queue, so owns it.
  const common::testing::Ran run =
      RunSuite(ClientConfig("basicAuth:\n  username: dave\n  password: pw-dave-d4\n"),
               "testcases/basic/submit_1x1.yaml", /*create_queues=*/true);
  EXPECT_EQ(run.exit_code, 0) << run.output;

  const grpc::Status wrong = GetQueue("basic " + Base64Encode("dave:nope"));
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(wrong.error_message(),
              HasSubstr("Invalid credentials presented for user \"dave\" via auth service "
                        "\"Basic\""));
  // anonymousAuth: no credentials is the user anonymous, who may look but
  // not create queues here.
  EXPECT_EQ(GetQueue("").error_code(), grpc::StatusCode::NOT_FOUND);
  const grpc::Status create = CreateQueue("", "q");
  EXPECT_EQ(create.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(create.error_message(),
              HasSubstr("error creating queue q: anonymous lacks permission create_queue"));
}

}  // namespace
}  // namespace armada::localstack
