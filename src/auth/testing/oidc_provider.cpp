#include "auth/testing/oidc_provider.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace armada::auth::testing {
namespace {

nlohmann::json ClientJson(const ProviderClient& client) {
  nlohmann::json json = {{"client_id", client.id},
                         {"grant_types", client.grant_types},
                         {"redirect_uris", client.redirect_uris}};
  const bool has_code = std::find(client.grant_types.begin(), client.grant_types.end(),
                                  "authorization_code") != client.grant_types.end();
  json["response_types"] = has_code ? nlohmann::json::array({"code"}) : nlohmann::json::array();
  if (client.secret.empty()) {
    json["token_endpoint_auth_method"] = "none";
  } else {
    json["client_secret"] = client.secret;
    json["token_endpoint_auth_method"] = "client_secret_basic";
  }
  return json;
}

}  // namespace

StatusOr<std::unique_ptr<OidcProvider>> OidcProvider::Start(const ProviderSettings& settings) {
  std::unique_ptr<OidcProvider> provider(new OidcProvider());
  std::string dir = (std::filesystem::temp_directory_path() / "oidc-provider-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) return Status::Error("mkdtemp failed");
  provider->dir_ = dir;

  nlohmann::json json = {{"audience", settings.audience},
                         {"accessTokenTTL", settings.access_token_ttl_seconds},
                         {"clients", nlohmann::json::array()},
                         {"users", nlohmann::json::object()}};
  for (const ProviderClient& client : settings.clients)
    json["clients"].push_back(ClientJson(client));
  for (const ProviderUser& user : settings.users) {
    json["users"][user.name] = {{"password", user.password}, {"groups", user.groups}};
  }
  const std::string settings_file = dir + "/settings.json";
  std::ofstream(settings_file) << json.dump(2);
  const std::string log = dir + "/provider.log";

  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return Status::Error("pipe failed");
  const std::string script = std::string(ARMADA_TS_SOURCE_DIR) + "/scripts/node/oidc-provider.mjs";
  std::vector<std::string> args = {"node", script, settings_file};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const pid_t parent = getpid();
  provider->pid_ = fork();
  if (provider->pid_ == 0) {
    // Killed with the test binary, even when ctest's TIMEOUT kills that.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    dup2(out[1], STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    const int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, STDIN_FILENO);
    execvp("node", argv.data());
    _exit(127);
  }
  close(out[1]);
  close(log_fd);
  if (provider->pid_ < 0) {
    close(out[0]);
    return Status::Error("cannot fork for node");
  }

  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (line.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd fd{out[0], POLLIN, 0};
    if (left.count() <= 0 || poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
    char buffer[256];
    const ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;
    line.append(buffer, static_cast<size_t>(n));
  }
  close(out[0]);
  const std::string prefix = "issuer ";
  if (line.rfind(prefix, 0) != 0 || line.find('\n') == std::string::npos) {
    return Status::Error(
        "the OpenID provider did not start (is scripts/setup.sh's npm ci done?): " +
        provider->Log());
  }
  provider->issuer_ = line.substr(prefix.size(), line.find('\n') - prefix.size());
  return provider;
}

OidcProvider::~OidcProvider() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

std::string OidcProvider::Log() const {
  std::ifstream in(dir_ + "/provider.log");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace armada::auth::testing
