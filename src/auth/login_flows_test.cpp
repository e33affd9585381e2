// The logins that need a person (device code, authorization code with PKCE)
// and cacheRefreshToken, against the real provider (auth/testing/
// oidc_provider.h); scripts/node/oidc-login.mjs plays the person at the
// browser, going through the provider's own code, login and consent pages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <regex>
#include <streambuf>
#include <thread>

#include "auth/device_flow.h"
#include "auth/interactive_login.h"
#include "auth/make_credentials.h"
#include "auth/pkce_flow.h"
#include "auth/testing/oidc_provider.h"
#include "auth/token_cache.h"
#include "common/testing/spawn_logged.h"

namespace armada::auth {
namespace {

using ::testing::HasSubstr;
using testing::OidcProvider;

constexpr char kPassword[] = "pw-bob-1f2e";

// A stream the login writes its prompt to while the test waits for a line.
class PromptCapture : public std::streambuf {
 public:
  // The first match of pattern's group 1 in what was written, waiting up to
  // 30 s; "" when it never came.
  std::string WaitFor(const std::regex& pattern) {
    std::unique_lock<std::mutex> lock(mu_);
    std::smatch match;
    changed_.wait_for(lock, std::chrono::seconds(30),
                      [&] { return std::regex_search(text_, match, pattern); });
    return std::regex_search(text_, match, pattern) ? match[1].str() : "";
  }

 protected:
  int overflow(int c) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (c != EOF) text_ += static_cast<char>(c);
    changed_.notify_all();
    return c;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::string text_;
};

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  close(fd);
  return ntohs(address.sin_port);
}

// Runs oidc-login.mjs on url as user bob; its exit code.
int PlayThePerson(const std::string& url, const std::string& user_code = "") {
  const std::string script = std::string(ARMADA_TS_SOURCE_DIR) + "/scripts/node/oidc-login.mjs";
  std::string command = "timeout 60 node '" + script + "' '" + url + "' bob '" + kPassword + "'";
  if (!user_code.empty()) command += " '" + user_code + "'";
  return common::testing::RunLogged({"/bin/sh", "-c", command}).exit_code;
}

std::unique_ptr<OidcProvider> StartProvider(int callback_port) {
  testing::ProviderSettings settings;
  settings.clients = {
      {"device-cli", "", {"urn:ietf:params:oauth:grant-type:device_code", "refresh_token"}, {}},
      {"pkce-cli",
       "",
       {"authorization_code", "refresh_token"},
       {"http://localhost:" + std::to_string(callback_port) + "/auth/callback"}},
      {"password-cli", "", {"password", "refresh_token"}, {}}};
  settings.users = {{"bob", kPassword, {"team"}}};
  auto provider = OidcProvider::Start(settings);
  if (!provider.ok()) ADD_FAILURE() << provider.status().message();
  return provider.ok() ? std::move(*provider) : nullptr;
}

TEST(LoginFlowsTest, TheDeviceFlowPrintsTheUrlAndCompletesOnceThePersonLogsIn) {
  auto provider = StartProvider(FreePort());
  ASSERT_NE(provider, nullptr);
  auto endpoints = DiscoverProvider(provider->issuer());
  ASSERT_TRUE(endpoints.ok()) << endpoints.status().message();
  PromptCapture capture;
  std::ostream prompt(&capture);
  StatusOr<Token> token = Status::Error("not run");
  std::thread login([&] {
    token = DeviceLogin(*endpoints, {provider->issuer(), "device-cli", {}}, prompt);
  });
  const std::string url = capture.WaitFor(std::regex("browser:\\s+(\\S+)\\n"));
  EXPECT_THAT(url, HasSubstr(provider->issuer() + "/device?user_code="));
  EXPECT_EQ(PlayThePerson(url), 0) << provider->Log();
  login.join();
  ASSERT_TRUE(token.ok()) << token.status().message() << "\n" << provider->Log();
  EXPECT_FALSE(token->access_token.empty());
  EXPECT_FALSE(token->refresh_token.empty());
}

TEST(LoginFlowsTest, ThePkceFlowRedirectsThroughTheProvidersPagesToTheCallback) {
  const int port = FreePort();
  auto provider = StartProvider(port);
  ASSERT_NE(provider, nullptr);
  auto endpoints = DiscoverProvider(provider->issuer());
  ASSERT_TRUE(endpoints.ok()) << endpoints.status().message();
  PromptCapture capture;
  std::ostream prompt(&capture);
  StatusOr<Token> token = Status::Error("not run");
  std::thread login([&] {
    token = PkceLogin(*endpoints, {provider->issuer(), "pkce-cli", port, {}}, prompt);
  });
  const std::string url = capture.WaitFor(std::regex("browser:\\s+(\\S+)\\n"));
  EXPECT_EQ(url, "http://localhost:" + std::to_string(port) + "/");
  EXPECT_EQ(PlayThePerson(url), 0) << provider->Log();
  login.join();
  ASSERT_TRUE(token.ok()) << token.status().message();
  EXPECT_FALSE(token->access_token.empty());
}

TEST(LoginFlowsTest, WithoutATerminalAnInteractiveModeFailsAtOnceNamingTheOthers) {
  unsetenv(kLoginWithoutTerminal);
  AuthSettings s;
  s.open_id_device = {"http://127.0.0.1:1", "c", {}};
  // Discovery comes first; a provider is needed to reach the login.
  auto provider = StartProvider(FreePort());
  ASSERT_NE(provider, nullptr);
  s.open_id_device.provider_url = provider->issuer();
  if (isatty(STDIN_FILENO) || isatty(STDERR_FILENO)) GTEST_SKIP() << "run with a terminal";
  const auto start = std::chrono::steady_clock::now();
  auto header = MakeCredentials(s, AuthEnvironment())->Authorization();
  ASSERT_FALSE(header.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_THAT(header.status().message(),
              HasSubstr("openIdDeviceAuth: this mode needs a person to log in and there is no "
                        "terminal; "
                        "without one use openIdClientCredentialsAuth, openIdPasswordAuth"));
}

TEST(LoginFlowsTest, CacheRefreshTokenKeepsAPrivateFileAndTheNextRunNeedsNoPassword) {
  auto provider = StartProvider(FreePort());
  ASSERT_NE(provider, nullptr);
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("token-cache-" + std::to_string(getpid())))
          .string();
  std::filesystem::remove_all(dir);
  AuthEnvironment env;
  env.token_cache_path = dir + "/armada-testsuite/oidc-refresh-tokens.json";
  AuthSettings s;
  s.cache_refresh_token = true;
  s.open_id_password = {provider->issuer(), "password-cli", "bob", kPassword, {"openid"}};
  auto first = MakeCredentials(s, env)->Authorization();
  ASSERT_TRUE(first.ok()) << first.status().message();

  struct stat st {};
  ASSERT_EQ(stat(env.token_cache_path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string key = provider->issuer() + ":password-cli";
  auto cached = TokenCache(env.token_cache_path).Load(key);
  ASSERT_TRUE(cached.ok()) << cached.status().message();
  EXPECT_FALSE(cached->empty());

  // A wrong password now: the cached refresh token logs in without it.
  s.open_id_password.password = "wrong";
  auto second = MakeCredentials(s, env)->Authorization();
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_NE(*second, *first);

  // A cache file others can read is not used.
  chmod(env.token_cache_path.c_str(), 0644);
  EXPECT_THAT(TokenCache(env.token_cache_path).Load(key).status().message(),
              HasSubstr("is not a private file"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace armada::auth
