#include "auth/in_cluster.h"

#include <cstdlib>

#include "common/read_file.h"

namespace armada::auth {
namespace {

constexpr size_t kMaxFileBytes = 1 << 20;

std::string TrimSpace(std::string text) {
  while (!text.empty() && isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t start = 0;
  while (start < text.size() && isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

}  // namespace

StatusOr<std::string> ReadServiceAccountToken(const std::string& dir) {
  StatusOr<std::string> token = ReadFileToString(dir + "/token", kMaxFileBytes);
  if (!token.ok()) {
    return Status::Error(token.status().message() +
                         " (the service account token Kubernetes mounts into a pod: this mode "
                         "works only inside one)");
  }
  return TrimSpace(*token);
}

StatusOr<InClusterApi> LoadInClusterApi(const std::string& dir) {
  const char* host = std::getenv("KUBERNETES_SERVICE_HOST");
  const char* port = std::getenv("KUBERNETES_SERVICE_PORT");
  if (host == nullptr || *host == '\0' || port == nullptr || *port == '\0') {
    return Status::Error(
        "not in a Kubernetes pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not "
        "both set");
  }
  InClusterApi api;
  const std::string h = host;
  // An IPv6 address needs brackets in a URL, as net.JoinHostPort adds them.
  api.server = "https://" + (h.find(':') != std::string::npos ? "[" + h + "]" : h) + ":" + port;
  StatusOr<std::string> token = ReadServiceAccountToken(dir);
  if (!token.ok()) return token.status();
  api.token = *token;
  StatusOr<std::string> ca = ReadFileToString(dir + "/ca.crt", kMaxFileBytes);
  if (!ca.ok()) return ca.status();
  api.tls.ca_pem = *ca;
  return api;
}

}  // namespace armada::auth
