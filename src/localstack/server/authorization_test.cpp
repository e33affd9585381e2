// Who a caller is (callers.h) and what it may do (authorization.h), as
// Armada's server decides: the rows of the authorization part of the
// conformance suite that need no process (the end-to-end ones are in
// authz_e2e_test.cpp).
#include "localstack/server/authorization.h"

#include <gmock/gmock.h>
#include <grpcpp/test/server_context_test_spouse.h>
#include <gtest/gtest.h>

#include "common/base64.h"

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;

constexpr char kToken[] = "local-token-1f2e";

config::Auth BasicUsers() {
  config::Auth auth;
  auto& users = *auth.mutable_basic_auth()->mutable_users();
  users["alice"].set_password("pw-a");
  users["bob"].set_password("pw-b");
  users["carol"].set_password("pw-c");
  users["carol"].add_groups("ops");
  auth.mutable_permission_group_mapping()->add_cancel_any_jobs("ops");
  auth.mutable_permission_group_mapping()->add_create_queue("everyone");
  return auth;
}

std::string Basic(const std::string& user, const std::string& password) {
  return "basic " + Base64Encode(user + ":" + password);
}

StatusOr<Principal> Authenticate(const config::Auth& auth, const std::string& header) {
  auto callers = Callers::Make(kToken, "/run/token", auth);
  EXPECT_TRUE(callers.ok());
  return (*callers)->Authenticate(header);
}

TEST(Callers, TheServersTokenIsAnonymousWithEveryPermission) {
  auto principal = Authenticate(BasicUsers(), std::string("Bearer ") + kToken);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->name, "anonymous");
  EXPECT_TRUE(principal->every_permission);
  EXPECT_TRUE(principal->groups.count("everyone"));
}

TEST(Callers, BasicAuthAsArmada) {
  auto carol = Authenticate(BasicUsers(), Basic("carol", "pw-c"));
  ASSERT_TRUE(carol.ok()) << carol.status().message();
  EXPECT_EQ(carol->name, "carol");
  EXPECT_EQ(carol->groups, (std::set<std::string>{"ops", "everyone"}));
  EXPECT_FALSE(carol->every_permission);

  auto wrong = Authenticate(BasicUsers(), Basic("carol", "pw-x"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status().message(),
            "Invalid credentials presented for user \"carol\" via auth service \"Basic\"");
  EXPECT_EQ(Authenticate(BasicUsers(), Basic("mallory", "pw-c")).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(Authenticate(BasicUsers(), "basic !!!").status().code(), StatusCode::kUnauthenticated);
}

TEST(Callers, NoCredentialsAreRefusedUnlessAnonymousAuthIsOn) {
  auto none = Authenticate(BasicUsers(), "");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(none.status().message(),
              HasSubstr("Request could not be authenticated with any of the supported schemes"));
  // A bearer token basic auth does not know is no basic credential at all.
  EXPECT_FALSE(Authenticate(BasicUsers(), "bearer abc").ok());

  config::Auth anonymous = BasicUsers();
  anonymous.set_anonymous_auth(true);
  auto principal = Authenticate(anonymous, "");
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->name, "anonymous");
  EXPECT_FALSE(principal->every_permission);
  // Wrong basic credentials are still refused: anonymous is the last resort
  // for calls without credentials of a known kind.
  EXPECT_FALSE(Authenticate(anonymous, Basic("alice", "nope")).ok());
}

class AuthorizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto callers = Callers::Make(kToken, "/run/token", BasicUsers());
    ASSERT_TRUE(callers.ok());
    authorizer_ = std::make_unique<Authorizer>(std::move(callers).value(), BasicUsers(), queues_);
    // alice owns "team"; bob may only watch it.
    api::Queue team;
    team.set_name("team");
    team.set_priority_factor(1);
    team.add_user_owners("alice");
    auto* watch = team.add_permissions();
    watch->add_verbs("watch");
    auto* subject = watch->add_subjects();
    subject->set_kind("User");
    subject->set_name("bob");
    ASSERT_TRUE(queues_.Create(team).ok());
  }

  Status Check(const std::string& header, Rpc rpc, const std::string& target,
               const std::string& job_set = "") {
    grpc::ServerContext context;
    grpc::testing::ServerContextTestSpouse spouse(&context);
    spouse.AddClientMetadata("authorization", header);
    return authorizer_->Check(context, rpc, target, job_set).status();
  }

  QueueStore queues_{nullptr};
  std::unique_ptr<Authorizer> authorizer_;
};

TEST_F(AuthorizerTest, TheQueueOwnerMaySubmitAnotherUserIsDeniedWithArmadasMessage) {
  EXPECT_TRUE(Check(Basic("alice", "pw-a"), Rpc::kSubmitJobs, "team").ok());
  const Status denied = Check(Basic("bob", "pw-b"), Rpc::kSubmitJobs, "team");
  EXPECT_EQ(denied.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(denied.message(),
            "bob lacks permission submit required for action submit for queue team; user bob "
            "cannot perform action submit on queue team as they are neither explicitly "
            "permissioned on the queue or a member of submit_any_jobs group");
}

TEST_F(AuthorizerTest, AQueuePermissionGrantsOnlyItsVerbs) {
  EXPECT_TRUE(Check(Basic("bob", "pw-b"), Rpc::kGetJobSetEvents, "team", "js").ok());
  const Status watch = Check(Basic("carol", "pw-c"), Rpc::kGetJobSetEvents, "team", "js");
  EXPECT_EQ(watch.code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(watch.message(),
              HasSubstr("[GetJobSetEvents] rpc error: code = PermissionDenied desc = error "
                        "getting events for queue: team, job set: js: carol lacks permission "
                        "watch"));
  // As v0.22.7: cancel's refusal carries no gRPC code there, so UNKNOWN,
  // and the error interceptor names the method as the action.
  const Status cancel = Check(Basic("bob", "pw-b"), Rpc::kCancelJobs, "team");
  EXPECT_EQ(cancel.code(), StatusCode::kUnknown);
  EXPECT_THAT(cancel.message(),
              HasSubstr("bob lacks permission cancel required for action /api.Submit/CancelJobs; "
                        "user bob cannot perform action cancel on queue team"));
}

TEST_F(AuthorizerTest, AGroupMappedToAGlobalPermissionActsOnAnyQueue) {
  EXPECT_TRUE(Check(Basic("carol", "pw-c"), Rpc::kCancelJobs, "team").ok());
  EXPECT_TRUE(Check(Basic("carol", "pw-c"), Rpc::kCancelJobSet, "team").ok());
  EXPECT_EQ(Check(Basic("carol", "pw-c"), Rpc::kPreemptJobs, "team").code(), StatusCode::kUnknown);
  // Everyone is in "everyone", which may create queues here.
  EXPECT_TRUE(Check(Basic("bob", "pw-b"), Rpc::kCreateQueue, "new").ok());
  const Status deleted = Check(Basic("bob", "pw-b"), Rpc::kDeleteQueue, "team");
  EXPECT_EQ(deleted.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(deleted.message(),
            "error deleting queue team: bob lacks permission delete_queue required for action "
            "delete_queue; user bob does not have permission to perform delete_queue action");
  EXPECT_THAT(Check(Basic("bob", "pw-b"), Rpc::kCancelOnNode, "node-1").message(),
              HasSubstr("error canceling jobs on executor node-1: bob lacks permission "
                        "cancel_any_jobs"));
}

TEST_F(AuthorizerTest, GroupsScopesAndClaimsEachGrantAGlobalPermission) {
  config::Auth auth;
  auth.mutable_permission_scope_mapping()->add_submit_any_jobs("armada.submit");
  auth.mutable_permission_claim_mapping()->add_watch_all_events("armada_watcher");
  auto callers = Callers::Make(kToken, "/run/token", auth);
  ASSERT_TRUE(callers.ok());
  Authorizer authorizer(std::move(callers).value(), auth, queues_);
  Principal p{"dave", {"everyone"}, {"openid", "armada.submit"}, {"sub", "armada_watcher"}, false};
  EXPECT_TRUE(authorizer.HasPermission(p, "submit_any_jobs"));
  EXPECT_TRUE(authorizer.HasPermission(p, "watch_all_events"));
  EXPECT_FALSE(authorizer.HasPermission(p, "cancel_any_jobs"));
  p.every_permission = true;
  EXPECT_TRUE(authorizer.HasPermission(p, "cancel_any_jobs"));
}

TEST_F(AuthorizerTest, AMissingQueueIsLeftToTheCall) {
  EXPECT_TRUE(Check(Basic("bob", "pw-b"), Rpc::kSubmitJobs, "no-such-queue").ok());
  EXPECT_EQ(Check("", Rpc::kSubmitJobs, "team").code(), StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace armada::localstack
