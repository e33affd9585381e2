// An in-process HTTP or HTTPS server for tests: a fake Kubernetes API, an
// ingress, a Prometheus pushgateway. Answers each request with a handler's
// reply, one connection at a time (every reply closes its connection), and
// records what it was asked.
//
// Test-only: linked into test binaries, never into a shipped one.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace armada::http::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;                          // path and query, as sent
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  // The client certificate's subject (e.g. "CN=tester"), empty without one.
  std::string client_subject;
};

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

// Certificates made with the openssl tool for one test: a CA, a server
// certificate for 127.0.0.1 and localhost, and a client certificate
// (CN=tester), all signed by the CA. Files live in dir.
struct TestCertificates {
  std::string dir;
  std::string ca_cert, server_cert, server_key, client_cert, client_key;  // paths
};
// REQUIRES: dir exists and is writable; the openssl tool is on PATH.
// Aborts the test binary (with openssl's output) when openssl fails.
TestCertificates MakeTestCertificates(const std::string& dir);

// The whole content of a file ("" when unreadable).
std::string ReadAll(const std::string& path);

struct ServerTls {
  std::string cert_file, key_file;
  // Non-empty: a client certificate signed by this CA is required.
  std::string client_ca_file;
};

// Where a FakeHttpServer listens: loopback, or every IPv4 address of the
// host (for a job in a pod network, which reaches the host at its pod's
// status.hostIP only).
enum class Listen { kLoopback, kEveryAddress };

class FakeHttpServer {
 public:
  using Handler = std::function<Reply(const ReceivedRequest&)>;
  // Listens on `listen`, a free port; HTTPS when tls is given.
  explicit FakeHttpServer(Handler handler, std::optional<ServerTls> tls = std::nullopt,
                          Listen listen = Listen::kLoopback);
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:PORT" or "https://...".
  std::string url() const;
  std::vector<ReceivedRequest> Requests() const;

 private:
  void Serve();
  void HandleConnection(int fd);

  Handler handler_;
  bool tls_ = false;
  void* ssl_ctx_ = nullptr;  // SSL_CTX*, owned
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<ReceivedRequest> requests_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace armada::http::testing
