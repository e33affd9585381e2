#include "http/testing/fake_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/testing/spawn_logged.h"

namespace armada::http::testing {
namespace {

void Die(const std::string& message) {
  std::fprintf(stderr, "fake_http_server: %s\n", message.c_str());
  std::abort();
}

void Run(const std::string& command) {
  const common::testing::Ran ran = common::testing::RunLogged({"/bin/sh", "-c", command});
  if (ran.exit_code != 0) Die("command failed: " + command + "\n" + ran.output);
}

// Reads from a plain socket or a TLS session.
struct Channel {
  int fd;
  SSL* ssl;
  int Read(char* buf, int n) { return ssl ? SSL_read(ssl, buf, n) : ::read(fd, buf, n); }
  void Write(const std::string& s) {
    size_t done = 0;
    while (done < s.size()) {
      int n = ssl ? SSL_write(ssl, s.data() + done, static_cast<int>(s.size() - done))
                  : static_cast<int>(::write(fd, s.data() + done, s.size() - done));
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }
};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

}  // namespace

TestCertificates MakeTestCertificates(const std::string& dir) {
  TestCertificates c;
  c.dir = dir;
  c.ca_cert = dir + "/ca.crt";
  c.server_cert = dir + "/server.crt";
  c.server_key = dir + "/server.key";
  c.client_cert = dir + "/client.crt";
  c.client_key = dir + "/client.key";
  const std::string q = " 2>>" + dir + "/openssl.log";
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  {
    std::ofstream ext(dir + "/server.ext");
    ext << "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
  }
  Run("openssl req -x509" + ec + " -keyout " + dir + "/ca.key -out " + c.ca_cert +
      " -days 2 -subj /CN=fake-ca" + q);
  Run("openssl req" + ec + " -keyout " + c.server_key + " -out " + dir +
      "/server.csr -subj /CN=127.0.0.1" + q);
  Run("openssl x509 -req -in " + dir + "/server.csr -CA " + c.ca_cert + " -CAkey " + dir +
      "/ca.key -CAcreateserial -days 2 -extfile " + dir + "/server.ext -out " + c.server_cert + q);
  Run("openssl req" + ec + " -keyout " + c.client_key + " -out " + dir +
      "/client.csr -subj /CN=tester" + q);
  Run("openssl x509 -req -in " + dir + "/client.csr -CA " + c.ca_cert + " -CAkey " + dir +
      "/ca.key -CAcreateserial -days 2 -out " + c.client_cert + q);
  return c;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

FakeHttpServer::FakeHttpServer(Handler handler, std::optional<ServerTls> tls, Listen listen)
    : handler_(std::move(handler)), tls_(tls.has_value()) {
  if (tls_) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    if (SSL_CTX_use_certificate_chain_file(ctx, tls->cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, tls->key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
      Die("cannot load " + tls->cert_file + " / " + tls->key_file);
    }
    if (!tls->client_ca_file.empty()) {
      if (SSL_CTX_load_verify_locations(ctx, tls->client_ca_file.c_str(), nullptr) != 1) {
        Die("cannot load " + tls->client_ca_file);
      }
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
    ssl_ctx_ = ctx;
  }
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(listen == Listen::kLoopback ? INADDR_LOOPBACK : INADDR_ANY);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0) {
    Die(listen == Listen::kLoopback ? "cannot listen on 127.0.0.1" : "cannot listen on 0.0.0.0");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

FakeHttpServer::~FakeHttpServer() {
  stop_ = true;
  thread_.join();
  ::close(listen_fd_);
  if (ssl_ctx_) SSL_CTX_free(static_cast<SSL_CTX*>(ssl_ctx_));
}

std::string FakeHttpServer::url() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::vector<ReceivedRequest> FakeHttpServer::Requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

void FakeHttpServer::Serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    HandleConnection(fd);
    ::close(fd);
  }
}

void FakeHttpServer::HandleConnection(int fd) {
  SSL* ssl = nullptr;
  ReceivedRequest request;
  if (tls_) {
    ssl = SSL_new(static_cast<SSL_CTX*>(ssl_ctx_));
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) {  // e.g. no client certificate when one is required
      SSL_free(ssl);
      return;
    }
    if (X509* peer = SSL_get_peer_certificate(ssl)) {
      char buf[256];
      X509_NAME_oneline(X509_get_subject_name(peer), buf, sizeof buf);
      request.client_subject = buf;
      if (!request.client_subject.empty() && request.client_subject[0] == '/') {
        request.client_subject.erase(0, 1);
      }
      X509_free(peer);
    }
  }
  Channel channel{fd, ssl};
  std::string data;
  char buf[4096];
  size_t header_end;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    int n = channel.Read(buf, sizeof buf);
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  if (header_end != std::string::npos) {
    std::istringstream head(data.substr(0, header_end));
    std::string line;
    std::getline(head, line);
    std::istringstream first(line);
    first >> request.method >> request.target;
    while (std::getline(head, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      request.headers[Lower(line.substr(0, colon))] = value;
    }
    size_t length = 0;
    if (auto it = request.headers.find("content-length"); it != request.headers.end()) {
      length = std::stoul(it->second);
    }
    request.body = data.substr(header_end + 4);
    while (request.body.size() < length) {
      int n = channel.Read(buf, sizeof buf);
      if (n <= 0) break;
      request.body.append(buf, static_cast<size_t>(n));
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(request);
    }
    Reply reply = handler_(request);
    std::ostringstream out;
    out << "HTTP/1.1 " << reply.status << ' ' << Reason(reply.status) << "\r\n"
        << "Content-Type: " << reply.content_type << "\r\n"
        << "Content-Length: " << reply.body.size() << "\r\n"
        << "Connection: close\r\n\r\n"
        << reply.body;
    channel.Write(out.str());
  }
  if (ssl) {
    SSL_shutdown(ssl);
    SSL_free(ssl);
  }
}

}  // namespace armada::http::testing
