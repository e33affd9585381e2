#include "runner/connection.h"

#include <google/protobuf/empty.pb.h>
#include <openssl/crypto.h>

#include "auth/make_credentials.h"

namespace armada::runner {
namespace {

// OpenSSL frees its locks from an atexit handler; a gRPC thread that starts
// a TLS handshake as the process exits (a subchannel reconnecting in the
// background) then crashes on them (SIGSEGV in CRYPTO_THREAD_write_lock,
// seen in ConnectionTest). Told before its first use, OpenSSL leaves them to
// the process's end.
[[maybe_unused]] const bool kOpenSslOutlivesExit =
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr) == 1;

// The mode's "authorization" header on each call, as gRPC call credentials
// so a failure fails the call with its reason. Applied on insecure channels
// too (a kind stack is usually reached without TLS), as Armada's Go
// credentials are (RequireTransportSecurity false).
class AuthorizationPlugin : public grpc::MetadataCredentialsPlugin {
 public:
  explicit AuthorizationPlugin(std::shared_ptr<auth::Credentials> credentials)
      : credentials_(std::move(credentials)) {}
  bool IsBlocking() const override { return true; }
  grpc::Status GetMetadata(grpc::string_ref, grpc::string_ref, const grpc::AuthContext&,
                           std::multimap<grpc::string, grpc::string>* metadata) override {
    StatusOr<std::string> header = credentials_->Authorization();
    if (!header.ok())
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, header.status().message());
    metadata->emplace("authorization", *header);
    return grpc::Status::OK;
  }

 private:
  std::shared_ptr<auth::Credentials> credentials_;
};

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    default:
      return "UNKNOWN";
  }
}

// Unary calls to Armada retry what a real network and a busy server answer
// now and then: UNAVAILABLE (a connection dropped, a server restarting) and
// RESOURCE_EXHAUSTED (rate limits), up to 5 attempts with exponential
// backoff. The event stream is left out: the event watcher resumes it from
// its last message id. A retried SubmitJobs cannot duplicate jobs, as every
// item carries a client id (see submitter.h). Health, the start-up check,
// is left out too (the more specific name wins): CheckHealth has already
// waited its whole timeout for a connection, and retrying after that would
// outlast the user's --connect-timeout by the backoff, about 3 s.
constexpr char kServiceConfig[] = R"({
  "methodConfig": [{
    "name": [{"service": "api.Submit", "method": "Health"}]
  }, {
    "name": [{"service": "api.Submit"}, {"service": "api.QueueService"},
             {"service": "api.Jobs"}, {"service": "api.Node"}],
    "retryPolicy": {
      "maxAttempts": 5,
      "initialBackoff": "0.2s",
      "maxBackoff": "3s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE", "RESOURCE_EXHAUSTED"]
    }
  }]
})";

// "10s", or "1500ms" for a duration of no whole number of seconds.
std::string DescribeDuration(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "s";
  return std::to_string(d.count()) + "ms";
}

}  // namespace

Connection::Connection(const ClientConfig& config)
    : url_(config.armada_url),
      tls_(UsesTls(config)),
      credentials_(auth::MakeCredentials(config.auth, auth::AuthEnvironment())) {
  if (credentials_) {
    call_credentials_ = grpc::experimental::MetadataCredentialsFromPlugin(
        std::make_unique<AuthorizationPlugin>(credentials_), GRPC_SECURITY_NONE);
  }
  grpc::SslCredentialsOptions tls_options;
  tls_options.pem_root_certs = config.root_certificates;
  auto credentials = tls_ ? grpc::SslCredentials(tls_options) : grpc::InsecureChannelCredentials();
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(kServiceConfig);
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  channel_ = grpc::CreateCustomChannel(url_, credentials, args);
  submit_ = api::Submit::NewStub(channel_);
  queues_ = api::QueueService::NewStub(channel_);
  events_ = api::Event::NewStub(channel_);
  nodes_ = api::Node::NewStub(channel_);
  jobs_ = api::Jobs::NewStub(channel_);
  binoculars_ = binoculars::Binoculars::NewStub(channel_);
}

std::unique_ptr<grpc::ClientContext> Connection::NewContext(
    std::chrono::milliseconds timeout) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (timeout.count() > 0) {
    context->set_deadline(std::chrono::system_clock::now() + timeout);
    // Once the start-up check found the server, a connection still coming up
    // (or coming back) is waited for, within the call's deadline, rather
    // than failing the call at once.
    context->set_wait_for_ready(true);
  }
  if (call_credentials_) context->set_credentials(call_credentials_);
  return context;
}

Status Connection::CheckHealth(std::chrono::milliseconds connect_timeout) const {
  if (credentials_) {
    StatusOr<std::string> header = credentials_->Authorization();
    if (!header.ok()) {
      return Status::Error("cannot authenticate to Armada at " + url_ + ": " +
                           header.status().message());
    }
  }
  const auto deadline = std::chrono::system_clock::now() + connect_timeout;
  // Fails at once when the channel is not connected, so it says why.
  const bool connected = channel_->WaitForConnected(deadline);
  auto context = NewContext(connect_timeout);
  // Not connected, the call below fails at once; the second is only a
  // guard for a channel that is connecting right then.
  context->set_deadline(connected ? deadline
                                  : std::chrono::system_clock::now() + std::chrono::seconds(1));
  // The start-up check says at once that nothing listens there, rather
  // than wait for a connection as later calls do.
  context->set_wait_for_ready(false);
  google::protobuf::Empty request;
  api::HealthCheckResponse response;
  const grpc::Status status = submit_->Health(context.get(), request, &response);
  if (status.ok() && response.status() == api::HealthCheckResponse::NOT_SERVING) {
    return Status::Error("Armada at " + url_ + " reports NOT_SERVING");
  }
  // A server without Health still answered, which is all this check asks.
  if (status.ok() || status.error_code() == grpc::StatusCode::UNIMPLEMENTED) return Status();
  // The server answered: the credentials, not the network, are the problem.
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
      status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    return Status::Error("Armada at " + url_ +
                         " refused the credentials: " + DescribeRpcError(status));
  }
  // TLS is on by default, so a plaintext server (a kind stack reached by IP)
  // fails here with a bare handshake error unless told where the switch is.
  const std::string tls_hint =
      tls_ && status.error_code() == grpc::StatusCode::UNAVAILABLE
          ? " (over TLS; --no-tls, or forceNoTls: true in the client config, connects without "
            "it)"
          : "";
  const std::string within = connected ? "" : " within " + DescribeDuration(connect_timeout);
  return Status::Error("cannot reach Armada at " + url_ + tls_hint + within + ": " +
                       DescribeRpcError(status));
}

std::string DescribeRpcError(const grpc::Status& status) {
  std::string text = CodeName(status.error_code());
  if (!status.error_message().empty()) text += ": " + status.error_message();
  return text;
}

}  // namespace armada::runner
