#include "localstack/server/callers.h"

#include <strings.h>

#include "common/base64.h"

namespace armada::localstack {
namespace {

constexpr char kEveryone[] = "everyone";
constexpr char kAnonymous[] = "anonymous";

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) diff |= a[i] ^ (i < b.size() ? b[i] : 0);
  return diff == 0;
}

std::string Trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// "SCHEME rest" with SCHEME matched case-insensitively, as Armada splits it
// (strings.SplitN(header, " ", 2) and EqualFold); nullopt for another scheme.
std::optional<std::string> Credentials(const std::string& header, const std::string& scheme) {
  if (header.size() <= scheme.size() || header[scheme.size()] != ' ' ||
      strncasecmp(header.c_str(), scheme.c_str(), scheme.size()) != 0) {
    return std::nullopt;
  }
  return header.substr(scheme.size() + 1);
}

Status Unauthenticated(const std::string& message) {
  return Status::Error(StatusCode::kUnauthenticated, message);
}

// armadaerrors.ErrInvalidCredentials' message.
Status InvalidCredentials(const std::string& user, const std::string& service,
                          const std::string& why) {
  std::string message = "Invalid credentials presented";
  if (!user.empty()) message += " for user \"" + user + "\"";
  message += " via auth service \"" + service + "\"";
  if (!why.empty()) message += ": " + why;
  return Unauthenticated(message);
}

}  // namespace

StatusOr<std::unique_ptr<Callers>> Callers::Make(std::string token, std::string token_file,
                                                 const config::Auth& auth) {
  std::unique_ptr<Callers> callers(new Callers());
  callers->token_ = std::move(token);
  callers->token_file_ = std::move(token_file);
  callers->anonymous_ = auth.anonymous_auth();
  callers->users_.insert(auth.basic_auth().users().begin(), auth.basic_auth().users().end());
  const config::OpenIdAuth& oidc = auth.open_id_auth();
  if (!oidc.provider_url().empty()) {
    auto verifier = auth::TokenVerifier::Discover(oidc.provider_url(), oidc.client_id(),
                                                  oidc.skip_client_id_check(), oidc.groups_claim());
    if (!verifier.ok()) {
      return Status::Error("auth.openIdAuth: error initialising openId auth: " +
                           verifier.status().message());
    }
    callers->oidc_ = std::move(verifier).value();
  }
  callers->any_method_ = callers->anonymous_ || !callers->users_.empty() || callers->oidc_;
  return callers;
}

Callers::Outcome Callers::Basic(const std::string& authorization, StatusOr<Principal>* out) const {
  const auto credentials = Credentials(authorization, "basic");
  if (users_.empty() || !credentials) return Outcome::kNotMine;
  auto decoded = Base64Decode(*credentials, "basic credentials");
  if (!decoded.ok()) {
    *out = InvalidCredentials("", "Basic", "illegal base64 data");
    return Outcome::kDone;
  }
  const size_t colon = decoded->find(':');
  const std::string user = decoded->substr(0, colon);
  const std::string password = colon == std::string::npos ? "" : decoded->substr(colon + 1);
  const auto found = users_.find(user);
  if (colon == std::string::npos || found == users_.end() ||
      !ConstantTimeEquals(password, found->second.password())) {
    *out = InvalidCredentials(user, "Basic", "");
    return Outcome::kDone;
  }
  Principal principal{user, {kEveryone}, {}, {}, false};
  principal.groups.insert(found->second.groups().begin(), found->second.groups().end());
  *out = std::move(principal);
  return Outcome::kDone;
}

Callers::Outcome Callers::OpenId(const std::string& authorization, StatusOr<Principal>* out) const {
  const auto credentials = Credentials(authorization, "bearer");
  if (!oidc_ || !credentials) return Outcome::kNotMine;
  auto token = oidc_->Verify(*credentials);
  if (!token.ok()) {
    *out = InvalidCredentials("", "OIDC", token.status().message());
    return Outcome::kDone;
  }
  Principal principal{token->subject, {kEveryone}, {}, {}, false};
  principal.groups.insert(token->groups.begin(), token->groups.end());
  principal.scopes.insert(token->scopes.begin(), token->scopes.end());
  principal.claims.insert(token->claim_names.begin(), token->claim_names.end());
  *out = std::move(principal);
  return Outcome::kDone;
}

StatusOr<Principal> Callers::Authenticate(const std::string& authorization) const {
  const auto bearer = Credentials(authorization, "bearer");
  if (bearer && ConstantTimeEquals(Trim(*bearer), token_)) {
    return Principal{kAnonymous, {kEveryone}, {}, {}, true};
  }
  if (!any_method_) {
    if (authorization.empty()) {
      return Unauthenticated("armada-localstack needs a bearer token: pass --token-file " +
                             token_file_);
    }
    if (!bearer) {
      return Unauthenticated("armada-localstack takes only bearer tokens (see " + token_file_ +
                             ", or localstack.yaml's auth for other methods)");
    }
    return Unauthenticated("wrong bearer token for armada-localstack (its token is in " +
                           token_file_ + ")");
  }
  StatusOr<Principal> principal = Unauthenticated("");
  if (Basic(authorization, &principal) == Outcome::kDone) return principal;
  if (OpenId(authorization, &principal) == Outcome::kDone) return principal;
  if (anonymous_) return Principal{kAnonymous, {kEveryone}, {}, {}, false};
  return Unauthenticated(
      "Request could not be authenticated: Request could not be authenticated with any of the "
      "supported schemes.");
}

}  // namespace armada::localstack
