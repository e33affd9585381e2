// localstack.yaml's `auth` section: Armada's keys read strictly, the methods
// a single machine cannot serve refused by name at their position.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "localstack/config/localstack_config.h"

namespace armada::localstack {
namespace {

using ::testing::HasSubstr;

constexpr char kBase[] = "namespaces: [default]\n";

StatusOr<LocalstackSettings> Parse(const std::string& auth) {
  return ParseLocalstackConfig(std::string(kBase) + auth, "localstack.yaml");
}

TEST(AuthSettings, ReadsArmadasKeys) {
  auto settings = Parse(R"(auth:
  anonymousAuth: false
  basicAuth:
    users:
      admin: {password: "s3cret", groups: ["admins"]}
  openIdAuth:
    providerUrl: "http://127.0.0.1:8180/realms/armada"
    clientId: "armada-server"
    groupsClaim: "groups"
    skipClientIDCheck: true
  permissionGroupMapping:
    submit_any_jobs: ["admins"]
    cancel_any_jobs: ["admins", "ops"]
    watch_all_events: ["admins"]
  permissionScopeMapping:
    create_queue: ["armada.admin"]
  permissionClaimMapping:
    delete_queue: ["armada_admin"]
)");
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  const config::Auth& auth = settings->auth();
  EXPECT_EQ(auth.basic_auth().users().at("admin").password(), "s3cret");
  EXPECT_EQ(auth.basic_auth().users().at("admin").groups(0), "admins");
  EXPECT_EQ(auth.open_id_auth().client_id(), "armada-server");
  EXPECT_TRUE(auth.open_id_auth().skip_client_id_check());
  EXPECT_EQ(auth.permission_group_mapping().cancel_any_jobs_size(), 2);
  EXPECT_EQ(auth.permission_scope_mapping().create_queue(0), "armada.admin");
  EXPECT_EQ(auth.permission_claim_mapping().delete_queue(0), "armada_admin");
}

TEST(AuthSettings, KubernetesAuthAndKerberosAreRefusedByNameWithTheirPosition) {
  auto settings = Parse(R"(auth:
  anonymousAuth: true
  kubernetesAuth:
    kidMappingFileLocation: /etc/kid
  kerberos:
    keytabLocation: /etc/keytab
)");
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(),
              HasSubstr("localstack.yaml:4:3: auth.kubernetesAuth: armada-localstack does not "
                        "support kubernetesAuth"));
  EXPECT_THAT(settings.status().message(),
              HasSubstr("localstack.yaml:6:3: auth.kerberos: armada-localstack does not support "
                        "kerberos"));
  // Refused, not also reported as unknown keys.
  EXPECT_THAT(settings.status().message(), ::testing::Not(HasSubstr("kidMappingFileLocation")));
}

TEST(AuthSettings, AnUnknownPermissionIsAnErrorAtItsKey) {
  auto settings = Parse(R"(auth:
  permissionGroupMapping:
    submit_any_job: ["admins"]
)");
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(), HasSubstr("localstack.yaml:4:5"));
  EXPECT_THAT(settings.status().message(), HasSubstr("submit_any_jobs"));
}

TEST(AuthSettings, OpenIdNeedsAClientIdUnlessTheCheckIsSkipped) {
  auto settings = Parse(R"(auth:
  openIdAuth:
    providerUrl: "http://127.0.0.1:8180"
)");
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(),
              HasSubstr("auth.openIdAuth.clientId: openIdAuth needs clientId"));
  EXPECT_TRUE(Parse("auth:\n  openIdAuth:\n    providerUrl: http://127.0.0.1:1\n"
                    "    skipClientIDCheck: true\n")
                  .ok());
}

}  // namespace
}  // namespace armada::localstack
