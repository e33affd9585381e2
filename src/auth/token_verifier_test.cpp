// The verifier of armada-localstack's openIdAuth against a real provider's
// tokens (oidc-provider on loopback), and against look-alikes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "auth/id_token_verifier.h"
#include "auth/make_credentials.h"
#include "auth/testing/forged_token.h"
#include "auth/testing/oidc_provider.h"

namespace armada::auth {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "pw-bob-51c2";

class TokenVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ProviderSettings settings;
    settings.audience = "armada";
    settings.clients = {{"cli", "", {"password"}, {}}};
    settings.users = {{"bob", kPassword, {"ops", "armada-users"}}};
    auto provider = testing::OidcProvider::Start(settings);
    ASSERT_TRUE(provider.ok()) << provider.status().message();
    provider_ = std::move(*provider);
  }

  // A fresh access token of bob's, without "Bearer ".
  std::string Token() {
    AuthSettings s;
    s.open_id_password = {provider_->issuer(), "cli", "bob", kPassword, {}};
    auto header = MakeCredentials(s, AuthEnvironment())->Authorization();
    EXPECT_TRUE(header.ok()) << header.status().message();
    return header.ok() ? header->substr(std::string("Bearer ").size()) : "";
  }

  std::unique_ptr<TokenVerifier> Verifier(const std::string& client_id, bool skip = false) {
    auto verifier = TokenVerifier::Discover(provider_->issuer(), client_id, skip, "groups");
    EXPECT_TRUE(verifier.ok()) << verifier.status().message();
    return verifier.ok() ? std::move(*verifier) : nullptr;
  }

  std::unique_ptr<testing::OidcProvider> provider_;
};

TEST_F(TokenVerifierTest, TheProvidersTokenGivesItsSubjectGroupsScopesAndClaims) {
  auto verifier = Verifier("armada");
  ASSERT_NE(verifier, nullptr);
  auto token = verifier->Verify(Token());
  ASSERT_TRUE(token.ok()) << token.status().message();
  EXPECT_EQ(token->subject, "bob");
  EXPECT_THAT(token->groups, ::testing::ElementsAre("ops", "armada-users"));
  EXPECT_THAT(token->scopes, Contains("openid"));
  EXPECT_THAT(token->claim_names, Contains("groups"));
}

TEST_F(TokenVerifierTest, AnotherAudienceIsRefusedUnlessTheCheckIsSkipped) {
  const std::string token = Token();
  auto refused = Verifier("someone-else")->Verify(token);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(),
              HasSubstr("oidc: expected audience \"someone-else\" got [\"armada\"]"));
  EXPECT_TRUE(Verifier("", /*skip=*/true)->Verify(token).ok());
}

TEST_F(TokenVerifierTest, ALookAlikeSignedByAnotherKeyIsRefusedWithoutQuotingIt) {
  auto forged = testing::ForgeToken(Token());
  ASSERT_TRUE(forged.ok()) << forged.status().message();
  auto refused = Verifier("armada")->Verify(*forged);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(), HasSubstr("failed to verify signature"));
  EXPECT_THAT(refused.status().message(), Not(HasSubstr(forged->substr(0, 20))));
}

TEST_F(TokenVerifierTest, ExpiryIssuerAlgorithmAndShapeAreChecked) {
  const std::string token = Token();
  auto verifier = Verifier("armada");
  // The checks before the signature, on the real token's claims.
  auto expired = testing::ForgeToken(token, [](nlohmann::json& c) { c["exp"] = 1000; });
  ASSERT_TRUE(expired.ok());
  EXPECT_THAT(verifier->Verify(*expired).status().message(),
              HasSubstr("oidc: token is expired (Token Expiry: 1970-01-01 00:16:40 +0000 UTC)"));
  auto other = testing::ForgeToken(token, [](nlohmann::json& c) { c["iss"] = "http://evil"; });
  ASSERT_TRUE(other.ok());
  EXPECT_THAT(verifier->Verify(*other).status().message(),
              HasSubstr("issued by a different provider"));
  EXPECT_THAT(verifier->Verify("not-a-jwt").status().message(), HasSubstr("malformed jwt"));
  // alg "none": no signature at all.
  const std::string unsigned_token = token.substr(0, token.rfind('.') + 1);
  const std::string none = "eyJhbGciOiJub25lIn0" + unsigned_token.substr(unsigned_token.find('.'));
  EXPECT_FALSE(verifier->Verify(none).ok());
}

}  // namespace
}  // namespace armada::auth
