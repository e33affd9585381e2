#include "auth/pkce_flow.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <condition_variable>
#include <mutex>

#include "auth/openid_grants.h"
#include "auth/token_endpoint.h"
#include "common/base64.h"
#include "http/http_client.h"

namespace armada::auth {
namespace {

StatusOr<std::string> RandomUrlSafe() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Status::Error("no randomness from OpenSSL");
  return Base64UrlEncode(std::string(reinterpret_cast<char*>(bytes), sizeof bytes));
}

std::string Sha256(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), size);
}

// What the browser brings back to /auth/callback.
struct Callback {
  std::string login_url, state;
  std::mutex mu;
  std::condition_variable done;
  bool answered = false;  // guarded by mu
  std::string code, error;
};

MHD_Result Reply(MHD_Connection* connection, unsigned status, const std::string& body,
                 const std::string& location = "") {
  MHD_Response* response = MHD_create_response_from_buffer(
      body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  MHD_add_response_header(response, "Content-Type", "text/html; charset=utf-8");
  if (!location.empty()) MHD_add_response_header(response, "Location", location.c_str());
  const MHD_Result result = MHD_queue_response(connection, status, response);
  MHD_destroy_response(response);
  return result;
}

std::string Query(MHD_Connection* connection, const char* key) {
  const char* value = MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND, key);
  return value != nullptr ? value : "";
}

MHD_Result Handle(void* cls, MHD_Connection* connection, const char* url, const char* method,
                  const char*, const char*, size_t*, void**) {
  auto* callback = static_cast<Callback*>(cls);
  if (std::string(method) != "GET") return Reply(connection, 405, "GET only");
  const std::string path = url;
  if (path == "/") return Reply(connection, 302, "", callback->login_url);
  if (path != "/auth/callback") return Reply(connection, 404, "not found");
  std::lock_guard<std::mutex> lock(callback->mu);
  if (!callback->answered) {
    if (Query(connection, "state") != callback->state) {
      callback->error = "the login answered with the wrong state";
    } else if (const std::string error = Query(connection, "error"); !error.empty()) {
      callback->error = error + ": " + Query(connection, "error_description").substr(0, 300);
    } else {
      callback->code = Query(connection, "code");
      if (callback->code.empty()) callback->error = "the login answered without a code";
    }
    callback->answered = true;
    callback->done.notify_all();
  }
  return Reply(connection, 200, "<h1>Please close this window.</h1>");
}

struct DaemonStop {
  void operator()(MHD_Daemon* daemon) const { MHD_stop_daemon(daemon); }
};

}  // namespace

StatusOr<Token> PkceLogin(const ProviderEndpoints& endpoints, const OpenIdPkceAuth& settings,
                          std::ostream& prompt) {
  if (endpoints.authorization_endpoint.empty()) {
    return Status::Error("the provider " + settings.provider_url +
                         " advertises no authorization_endpoint");
  }
  StatusOr<std::string> verifier = RandomUrlSafe();
  StatusOr<std::string> state = RandomUrlSafe();
  if (!verifier.ok()) return verifier.status();
  if (!state.ok()) return state.status();

  Callback callback;
  callback.state = *state;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(settings.local_port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::unique_ptr<MHD_Daemon, DaemonStop> daemon(MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, nullptr, nullptr, &Handle, &callback,
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&address), MHD_OPTION_CONNECTION_TIMEOUT,
      30u, MHD_OPTION_END));
  if (!daemon) {
    return Status::Error("cannot listen on localhost:" + std::to_string(settings.local_port) +
                         " for the login's callback (openIdAuth.localPort; in use?)");
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon.get(), MHD_DAEMON_INFO_BIND_PORT);
  const int port = info != nullptr ? info->port : settings.local_port;
  const std::string local = "http://localhost:" + std::to_string(port);
  const std::string redirect = local + "/auth/callback";

  std::vector<std::string> scopes = settings.scopes;
  scopes.push_back("openid");
  const std::string separator =
      endpoints.authorization_endpoint.find('?') == std::string::npos ? "?" : "&";
  {
    std::lock_guard<std::mutex> lock(callback.mu);
    callback.login_url = endpoints.authorization_endpoint + separator +
                         FormEncode({{"client_id", settings.client_id},
                                     {"redirect_uri", redirect},
                                     {"response_type", "code"},
                                     {"scope", JoinScopes(scopes)},
                                     {"state", *state},
                                     {"code_challenge", Base64UrlEncode(Sha256(*verifier))},
                                     {"code_challenge_method", "S256"}});
  }
  prompt << "Log in to Armada in a browser:\n\n    " << local << "/\n" << std::flush;

  std::unique_lock<std::mutex> lock(callback.mu);
  if (!callback.done.wait_for(lock, std::chrono::minutes(5), [&] { return callback.answered; })) {
    return Status::Error("the browser login at " + local + "/ was not completed within 5 minutes");
  }
  if (!callback.error.empty()) return Status::Error("the browser login failed: " + callback.error);
  TokenRequest exchange;
  exchange.url = endpoints.token_endpoint;
  exchange.form = {{"grant_type", "authorization_code"},
                   {"code", callback.code},
                   {"redirect_uri", redirect},
                   {"code_verifier", *verifier}};
  exchange.client_id = settings.client_id;
  return RequestToken(exchange);
}

}  // namespace armada::auth
