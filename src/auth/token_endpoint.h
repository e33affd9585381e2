// One request to an OAuth 2.0 token endpoint (RFC 6749 section 3.2) and how
// its answer reads: every OpenID mode asks for its tokens through here.
//
// Contract:
// - The form is sent as application/x-www-form-urlencoded; a client secret,
//   when given, as HTTP basic client authentication (client_secret_basic,
//   what golang.org/x/oauth2 tries first), else client_id in the form.
// - 200 with a JSON access_token is a Token (expires_in, when present and
//   positive, sets its expiry; refresh_token is kept).
// - Anything else is an error naming the URL and the provider's "error" and
//   "error_description" (RFC 6749 5.2), or the HTTP status: never the form's
//   values nor a token, whatever the provider echoes.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "auth/reused_token.h"
#include "common/status.h"
#include "http/http_client.h"

namespace armada::auth {

struct TokenRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> form;
  std::string client_id;
  std::string client_secret;  // empty: a public client
  http::TlsOptions tls;
  std::chrono::milliseconds timeout{30000};
};

StatusOr<Token> RequestToken(const TokenRequest& request);

// A token endpoint's JSON answer as a Token; source names it in errors.
StatusOr<Token> ParseTokenResponse(const std::string& body, const std::string& source);

// "error: description" from an RFC 6749 5.2 error body, "" when the body is
// not one; printable ASCII only and bounded, so a provider cannot inject
// terminal controls or a wall of text.
std::string DescribeOAuthError(const std::string& body);

// The form's pairs percent-encoded as a request body.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& form);

}  // namespace armada::auth
