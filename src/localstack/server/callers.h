// Who a call comes from: armada-localstack's own bearer token, else the
// methods of localstack.yaml's `auth` tried as Armada's server tries them
// (v0.22.7 internal/common/auth/setup.go and multi.go: basic, openIdAuth,
// then anonymous; a method that finds none of its credentials passes the
// call to the next, one that finds them wrong refuses it).
//
// Contract:
// - "bearer <the server's token>" is the user "anonymous" — the user an
//   Armada with anonymousAuth knows, whom the shipped suites expect (their
//   namespace personal-anonymous) — and holds every permission, whatever
//   `auth` says: `armada-testsuite test --local` needs no configuration.
// - Without an `auth` method, every other call is refused with the messages
//   that point at --token-file.
// - Every principal is in the group "everyone" (Armada's EveryoneGroup).
// - Refusals are UNAUTHENTICATED with Armada's messages (armadaerrors'
//   ErrInvalidCredentials, ErrUnauthenticated) and never quote a secret.
// Thread-safe; Authenticate may block on the provider's JWKS (see
// auth/id_token_verifier.h) when OpenID is on.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include "api/localstack_config.pb.h"
#include "auth/id_token_verifier.h"
#include "common/status.h"

namespace armada::localstack {

struct Principal {
  std::string name;
  std::set<std::string> groups, scopes, claims;
  // The holder of the server's token.
  bool every_permission = false;
};

class Callers {
 public:
  // `token_file` is only named in messages. With openIdAuth.providerUrl,
  // reads the provider's discovery document and keys first; an error names
  // the provider.
  static StatusOr<std::unique_ptr<Callers>> Make(std::string token, std::string token_file,
                                                 const config::Auth& auth);

  // `authorization`: the call's "authorization" header, "" when absent.
  StatusOr<Principal> Authenticate(const std::string& authorization) const;
  // Whether Authenticate may wait on the network.
  bool blocking() const { return oidc_ != nullptr; }

 private:
  Callers() = default;
  // A method's answer: not its kind of credentials (try the next), or a
  // principal, or a refusal.
  enum class Outcome { kNotMine, kDone };
  Outcome Basic(const std::string& authorization, StatusOr<Principal>* out) const;
  Outcome OpenId(const std::string& authorization, StatusOr<Principal>* out) const;

  std::string token_, token_file_;
  bool any_method_ = false, anonymous_ = false;
  std::map<std::string, config::BasicUser> users_;
  std::unique_ptr<auth::TokenVerifier> oidc_;
};

}  // namespace armada::localstack
