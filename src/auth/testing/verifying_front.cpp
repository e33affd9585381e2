#include "auth/testing/verifying_front.h"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/generic/generic_stub.h>

#include <atomic>

#include "auth/testing/jwt_check.h"

namespace armada::auth::testing {
namespace {

// One call: the client's side (this reactor) piped to upstream's (Upstream)
// message by message, each buffer reused only once its write is done.
class ProxyCall : public grpc::ServerGenericBidiReactor {
 public:
  ProxyCall(VerifyingFront* front, grpc::GenericCallbackServerContext* context) : upstream_(this) {
    std::string authorization;
    const auto& metadata = context->client_metadata();
    if (auto it = metadata.find("authorization"); it != metadata.end()) {
      authorization.assign(it->second.data(), it->second.size());
    }
    if (Status admitted = front->Admit(authorization); !admitted.ok()) {
      upstream_done_ = true;
      pending_ = 1;  // no upstream call
      Finish(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, admitted.message()));
      return;
    }
    client_context_.AddMetadata("authorization", front->settings().upstream_authorization);
    if (context->deadline() != std::chrono::system_clock::time_point::max()) {
      client_context_.set_deadline(context->deadline());
    }
    stub_ = std::make_unique<grpc::GenericStub>(front->upstream());
    stub_->PrepareBidiStreamingCall(&client_context_, context->method(), grpc::StubOptions(),
                                    &upstream_);
    // Two holds: one until this side starts no more upstream reads, one
    // until it starts no more writes, so upstream's OnDone cannot come while
    // either may still be started.
    upstream_.AddHold();
    upstream_.AddHold();
    upstream_.StartRead(&down_);
    upstream_.StartCall();
    StartRead(&up_);
  }

  // From the client.
  void OnReadDone(bool ok) override {
    if (ok) {
      upstream_.StartWrite(&up_);
    } else {
      upstream_.StartWritesDone();
      upstream_.RemoveHold();
    }
  }
  // To the client.
  void OnWriteDone(bool ok) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      writing_ = false;
    }
    if (ok) {
      upstream_.StartRead(&down_);
    } else {
      client_context_.TryCancel();
      upstream_.RemoveHold();
    }
    MaybeFinish();
  }
  void OnCancel() override { client_context_.TryCancel(); }
  void OnDone() override { Release(); }

 private:
  // Deleted once both sides are done: the server's OnDone and upstream's.
  void Release() {
    if (pending_.fetch_sub(1) == 1) delete this;
  }

  class Upstream : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
   public:
    explicit Upstream(ProxyCall* call) : call_(call) {}
    void OnReadDone(bool ok) override {
      if (!ok) {  // the end of upstream's messages; OnDone brings the status
        RemoveHold();
        return;
      }
      {
        std::lock_guard<std::mutex> lock(call_->mu_);
        call_->writing_ = true;
      }
      call_->StartWrite(&call_->down_);
    }
    void OnWriteDone(bool ok) override {
      if (ok) {
        call_->StartRead(&call_->up_);
      } else {
        RemoveHold();  // upstream is ending: no more writes
      }
    }
    void OnDone(const grpc::Status& status) override {
      {
        std::lock_guard<std::mutex> lock(call_->mu_);
        call_->status_ = status;
        call_->upstream_done_ = true;
      }
      call_->MaybeFinish();
      call_->Release();
    }

   private:
    ProxyCall* call_;
  };

  // Finishes once upstream is done and no write to the client is pending.
  void MaybeFinish() {
    grpc::Status status;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!upstream_done_ || writing_ || finished_) return;
      finished_ = true;
      status = status_;
    }
    Finish(status);
  }

  Upstream upstream_;
  grpc::ClientContext client_context_;
  std::unique_ptr<grpc::GenericStub> stub_;
  grpc::ByteBuffer up_, down_;
  std::atomic<int> pending_{2};
  std::mutex mu_;
  bool writing_ = false, upstream_done_ = false, finished_ = false;  // guarded by mu_
  grpc::Status status_;                                              // guarded by mu_
};

}  // namespace

class VerifyingFront::Service : public grpc::CallbackGenericService {
 public:
  explicit Service(VerifyingFront* front) : front_(front) {}
  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override {
    return new ProxyCall(front_, context);
  }

 private:
  VerifyingFront* front_;
};

VerifyingFront::VerifyingFront(FrontSettings settings) : settings_(std::move(settings)) {
  upstream_ = grpc::CreateChannel(settings_.upstream, grpc::InsecureChannelCredentials());
  service_ = std::make_unique<Service>(this);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  builder.RegisterCallbackGenericService(service_.get());
  server_ = builder.BuildAndStart();
}

VerifyingFront::~VerifyingFront() {
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
}

std::string VerifyingFront::address() const { return "127.0.0.1:" + std::to_string(port_); }

Status VerifyingFront::Admit(const std::string& authorization) {
  Status status;
  const std::string prefix = "bearer ";
  std::string scheme = authorization.substr(0, prefix.size());
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string token = authorization.substr(std::min(prefix.size(), authorization.size()));
  if (scheme != prefix) {
    status = Status::Error("no bearer token");
  } else {
    status = CheckAccessToken(token, settings_.jwks, settings_.issuer, settings_.audience);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (status.ok()) {
    ++accepted_;
    tokens_.insert(token);
  } else {
    ++refused_;
    last_refusal_ = status.message();
  }
  return status;
}

int VerifyingFront::accepted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return accepted_;
}
int VerifyingFront::refused() const {
  std::lock_guard<std::mutex> lock(mu_);
  return refused_;
}
int VerifyingFront::distinct_tokens() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(tokens_.size());
}
std::vector<std::string> VerifyingFront::accepted_tokens() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {tokens_.begin(), tokens_.end()};
}
std::string VerifyingFront::last_refusal() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_refusal_;
}

}  // namespace armada::auth::testing
