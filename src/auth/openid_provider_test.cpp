// The OpenID modes against a real provider (oidc-provider on loopback, see
// auth/testing/oidc_provider.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "auth/make_credentials.h"
#include "auth/testing/oidc_provider.h"
#include "common/base64.h"

namespace armada::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::OidcProvider;
using testing::ProviderSettings;

constexpr char kSecret[] = "cc-secret-6f1d2a";
constexpr char kPassword[] = "pw-alice-93b7";

ProviderSettings Settings(int ttl_seconds) {
  ProviderSettings settings;
  settings.audience = "armada";
  settings.access_token_ttl_seconds = ttl_seconds;
  settings.clients = {{"runner", kSecret, {"client_credentials"}, {}},
                      {"cli", "", {"password", "refresh_token"}, {}}};
  settings.users = {{"alice", kPassword, {"armada-users"}}};
  return settings;
}

std::unique_ptr<OidcProvider> StartProvider(int ttl_seconds) {
  auto provider = OidcProvider::Start(Settings(ttl_seconds));
  if (!provider.ok()) ADD_FAILURE() << provider.status().message();
  return provider.ok() ? std::move(*provider) : nullptr;
}

// The claims of the JWT in "Bearer <jwt>".
nlohmann::json Claims(const std::string& header) {
  const std::string jwt = header.substr(std::string("Bearer ").size());
  const size_t first = jwt.find('.');
  const size_t second = jwt.find('.', first + 1);
  auto payload = Base64Decode(jwt.substr(first + 1, second - first - 1), "payload");
  return payload.ok() ? nlohmann::json::parse(*payload, nullptr, false) : nlohmann::json();
}

TEST(OpenIdProviderTest, ClientCredentialsGetAJwtAccessTokenForTheServersAudience) {
  auto provider = StartProvider(3600);
  ASSERT_NE(provider, nullptr);
  AuthSettings s;
  s.open_id_client_credentials = {provider->issuer(), "runner", kSecret, {}};
  auto credentials = MakeCredentials(s, AuthEnvironment());
  auto header = credentials->Authorization();
  ASSERT_TRUE(header.ok()) << header.status().message();
  const auto claims = Claims(*header);
  EXPECT_EQ(claims["aud"], "armada");
  EXPECT_EQ(claims["iss"], provider->issuer());
  EXPECT_EQ(claims["client_id"], "runner");
  EXPECT_EQ(*credentials->Authorization(), *header);  // kept: an hour left
}

TEST(OpenIdProviderTest, AWrongClientSecretIsOneClearErrorWithoutTheSecret) {
  auto provider = StartProvider(3600);
  ASSERT_NE(provider, nullptr);
  AuthSettings s;
  s.open_id_client_credentials = {provider->issuer(), "runner", "wrong-secret-77aa", {}};
  auto header = MakeCredentials(s, AuthEnvironment())->Authorization();
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.status().message(),
            "openIdClientCredentialsAuth: the token endpoint " + provider->issuer() +
                "/token refused: invalid_client (client authentication failed); check clientId "
                "runner and its clientSecret");
  EXPECT_THAT(header.status().message(), Not(HasSubstr("wrong-secret-77aa")));
}

TEST(OpenIdProviderTest, APasswordGrantGetsTheUsersTokenAndAWrongPasswordIsRefused) {
  auto provider = StartProvider(3600);
  ASSERT_NE(provider, nullptr);
  AuthSettings s;
  s.open_id_password = {provider->issuer(), "cli", "alice", kPassword, {"openid"}};
  auto header = MakeCredentials(s, AuthEnvironment())->Authorization();
  ASSERT_TRUE(header.ok()) << header.status().message();
  EXPECT_EQ(Claims(*header)["sub"], "alice");
  EXPECT_EQ(Claims(*header)["groups"], nlohmann::json::array({"armada-users"}));

  s.open_id_password.password = "not-the-password";
  auto refused = MakeCredentials(s, AuthEnvironment())->Authorization();
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(), HasSubstr("invalid_grant"));
  EXPECT_THAT(refused.status().message(), Not(HasSubstr("not-the-password")));
}

// Tokens living 12 s count as expired 10 s in (oauth2's expiry delta): a
// call 3 s after the first gets a new token.
TEST(OpenIdProviderTest, ATokenIsRenewedBeforeItExpires) {
  auto provider = StartProvider(12);
  ASSERT_NE(provider, nullptr);
  AuthSettings s;
  s.open_id_client_credentials = {provider->issuer(), "runner", kSecret, {}};
  auto credentials = MakeCredentials(s, AuthEnvironment());
  auto first = credentials->Authorization();
  ASSERT_TRUE(first.ok()) << first.status().message();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  auto second = credentials->Authorization();
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_NE(*first, *second);
  EXPECT_GT(Claims(*second)["exp"].get<int64_t>(), Claims(*first)["exp"].get<int64_t>());
}

TEST(OpenIdProviderTest, AProviderNamingAnotherIssuerIsRefusedAsGoOidcDoes) {
  auto provider = StartProvider(3600);
  ASSERT_NE(provider, nullptr);
  std::string other = provider->issuer();
  other.replace(other.find("127.0.0.1"), 9, "localhost");
  AuthSettings s;
  s.open_id_client_credentials = {other, "runner", kSecret, {}};
  auto header = MakeCredentials(s, AuthEnvironment())->Authorization();
  ASSERT_FALSE(header.ok());
  EXPECT_THAT(header.status().message(), HasSubstr("names issuer \"" + provider->issuer()));
}

}  // namespace
}  // namespace armada::auth
