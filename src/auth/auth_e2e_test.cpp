// End to end: the armada-testsuite binary runs the shipped basic suite with
// a client config that authenticates by OpenID client credentials, against
// a server that accepts only the provider's tokens: a real oidc-provider on
// loopback, and armada-localstack behind a front that checks each call's
// JWT (auth/testing/verifying_front.h) before forwarding it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "auth/testing/jwt_check.h"
#include "auth/testing/oidc_provider.h"
#include "auth/testing/verifying_front.h"
#include "common/testing/spawn_logged.h"
#include "common/token_file.h"
#include "localstack/testing/localstack_test_server.h"

namespace armada::auth {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret[] = "e2e-client-secret-5c0ffee";
constexpr char kPassword[] = "e2e-user-password-b0a710ad";

struct RunResult {
  int exit_code = -1;
  std::string console;
};

class AuthE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    bin_ = fs::read_symlink("/proc/self/exe").parent_path();
    dir_ = fs::temp_directory_path() /
           ("armada-auth-e2e-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);

    // 11 s tokens count as expired (oauth2's 10 s delta) 1 s after issue, so
    // a run of the suite must renew its token mid-run.
    testing::ProviderSettings settings;
    settings.access_token_ttl_seconds = 11;
    settings.clients = {{"runner", kSecret, {"client_credentials"}, {}},
                        {"cli", "", {"password"}, {}}};
    settings.users = {{"alice", kPassword, {"armada-users"}}};
    auto provider = testing::OidcProvider::Start(settings);
    ASSERT_TRUE(provider.ok()) << provider.status().message();
    provider_ = std::move(*provider);

    localstack::testing::ServerOptions options;
    options.token_file = (dir_ / "localstack.token").string();  // the server writes it
    stack_ = std::make_unique<localstack::testing::LocalStack>(options);
    ASSERT_FALSE(stack_->address().empty());
    auto token = ReadTokenFile((dir_ / "localstack.token").string());
    ASSERT_TRUE(token.ok()) << token.status().message();
    auto jwks = testing::FetchJwks(provider_->issuer());
    ASSERT_TRUE(jwks.ok()) << jwks.status().message();
    front_ = std::make_unique<testing::VerifyingFront>(testing::FrontSettings{
        provider_->issuer(), "armada", *jwks, stack_->address(), "bearer " + *token});
  }

  void TearDown() override {
    front_.reset();
    stack_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  std::string WriteConfig(const std::string& secret) {
    const fs::path path = dir_ / "armadactl.yaml";
    std::ofstream(path) << "currentContext: secured\n"
                           "contexts:\n"
                           "  secured:\n"
                           "    armadaUrl: "
                        << front_->address()
                        << "\n"
                           "    forceNoTls: true\n"
                           "    openIdClientCredentialsAuth:\n"
                           "      providerUrl: "
                        << provider_->issuer()
                        << "\n"
                           "      clientId: runner\n"
                           "      clientSecret: "
                        << secret << "\n";
    return path.string();
  }

  // The shipped basic suite, and with slow a case whose job runs 3 s, so
  // that the run outlasts its first token (see SetUp).
  RunResult RunSuite(const std::string& config, bool slow = false) {
    const std::string log = (dir_ / "console.log").string();
    std::string tests = "testcases/basic/*.yaml";
    if (slow) {
      const fs::path slow_case = dir_ / "cases" / "slow_1x1.yaml";
      fs::create_directories(slow_case.parent_path());
      std::ifstream shipped(std::string(ARMADA_TS_SOURCE_DIR) + "/testcases/basic/submit_1x1.yaml");
      std::string text((std::istreambuf_iterator<char>(shipped)), std::istreambuf_iterator<char>());
      text.replace(text.find("command: [\"ls\"]"), 15, "command: [\"sleep\", \"3\"]");
      std::ofstream(slow_case) << text;
      tests += "," + slow_case.string();
    }
    const pid_t pid = common::testing::SpawnLogged(
        {(bin_ / "armada-testsuite").string(), "test", "--tests", tests, "--config", config,
         // Checked first, so a credentials failure is the one setup error it names.
         "--connect-timeout", "30s", "--create-queues", "--junit", (dir_ / "junit.xml").string(),
         "--json", (dir_ / "report.json").string(), "--html", (dir_ / "report.html").string()},
        ARMADA_TS_SOURCE_DIR, log);
    int status = 0;
    waitpid(pid, &status, 0);
    return RunResult{common::testing::ShellExitCode(status), common::testing::ReadFile(log)};
  }

  // Every file the run wrote: console (-v), JUnit, JSON and HTML reports,
  // the server's log; not the client config nor armada-localstack's token.
  std::string EveryOutput() {
    std::string all;
    for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
      if (entry.is_regular_file() && entry.path().extension() != ".yaml" &&
          entry.path().filename() != "localstack.token") {
        all += common::testing::ReadFile(entry.path().string());
      }
    }
    return all;
  }

  std::string WriteRawConfig(const std::string& auth) {
    const fs::path path = dir_ / "armadactl.yaml";
    std::ofstream(path) << "armadaUrl: " << front_->address() << "\nforceNoTls: true\n" << auth;
    return path.string();
  }

  fs::path bin_, dir_;
  std::unique_ptr<testing::OidcProvider> provider_;
  std::unique_ptr<localstack::testing::LocalStack> stack_;
  std::unique_ptr<testing::VerifyingFront> front_;
};

TEST_F(AuthE2ETest,
       ClientCredentialsRunTheShippedSuiteAgainstAServerAcceptingOnlyTheProvidersTokens) {
  const RunResult run = RunSuite(WriteConfig(kSecret), /*slow=*/true);
  EXPECT_EQ(run.exit_code, 0) << run.console;
  EXPECT_THAT(common::testing::ReadFile((dir_ / "junit.xml").string()),
              HasSubstr("failures=\"0\""));
  EXPECT_GT(front_->accepted(), 0);
  EXPECT_EQ(front_->refused(), 0) << front_->last_refusal();
  // Renewed mid-run: more than one token was accepted.
  EXPECT_GE(front_->distinct_tokens(), 2);
  EXPECT_THAT(EveryOutput(), Not(HasSubstr(kSecret)));
}

TEST_F(AuthE2ETest, AWrongClientSecretIsOneClearErrorAndExit2WithoutTheSecret) {
  const std::string wrong = "wrong-secret-0ddba11";
  const RunResult run = RunSuite(WriteConfig(wrong));
  EXPECT_EQ(run.exit_code, 2) << run.console;
  const std::string refusal = "invalid_client (client authentication failed)";
  EXPECT_THAT(run.console, HasSubstr("cannot authenticate to Armada at " + front_->address() +
                                     ": openIdClientCredentialsAuth: the token endpoint " +
                                     provider_->issuer() + "/token refused: " + refusal));
  // One error line, not one per test (the summary then groups the tests).
  size_t count = 0;
  const std::string line = "error cannot authenticate";
  for (size_t at = run.console.find(line); at != std::string::npos;
       at = run.console.find(line, at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u) << run.console;
  EXPECT_EQ(front_->accepted(), 0);
  EXPECT_THAT(EveryOutput(), Not(HasSubstr(wrong)));
}

// The secrets of three runs (a passing one by client credentials, a password
// refused, an execAuth helper that prints a secret and fails) and every
// access token the server accepted: none is in any output.
TEST_F(AuthE2ETest, NoSecretOrTokenIsInAnyOutput) {
  const RunResult passing = RunSuite(WriteConfig(kSecret));
  EXPECT_EQ(passing.exit_code, 0) << passing.console;
  const std::vector<std::string> tokens = front_->accepted_tokens();
  ASSERT_FALSE(tokens.empty());
  std::string outputs = EveryOutput();

  const RunResult password = RunSuite(WriteRawConfig(
      "openIdPasswordAuth:\n  providerUrl: " + provider_->issuer() +
      "\n  clientId: cli\n  username: alice\n  password: wrong-" + kPassword + "\n"));
  EXPECT_EQ(password.exit_code, 2) << password.console;
  EXPECT_THAT(password.console, HasSubstr("invalid_grant"));
  outputs += EveryOutput();

  const std::string printed = "helper-printed-secret-77e1";
  const RunResult exec = RunSuite(WriteRawConfig(
      "execAuth:\n  cmd: " + std::string(ARMADA_TS_SOURCE_DIR) +
      "/src/auth/testdata/exec-fail.sh\n  env: [{name: EXEC_SECRET, value: " + printed + "}]\n"));
  EXPECT_EQ(exec.exit_code, 2) << exec.console;
  EXPECT_THAT(exec.console, HasSubstr("execAuth: "));
  EXPECT_THAT(exec.console, HasSubstr("exec-fail.sh: exited 3"));
  outputs += EveryOutput();

  for (const std::string& secret : {std::string(kSecret), std::string(kPassword), printed}) {
    EXPECT_THAT(outputs, Not(HasSubstr(secret)));
  }
  for (const std::string& token : tokens) EXPECT_THAT(outputs, Not(HasSubstr(token)));
}

TEST_F(AuthE2ETest, WithoutCredentialsTheServerRefusesAndTheRunExits2) {
  const fs::path path = dir_ / "armadactl.yaml";
  std::ofstream(path) << "armadaUrl: " << front_->address() << "\nforceNoTls: true\n";
  const RunResult run = RunSuite(path.string());
  EXPECT_EQ(run.exit_code, 2) << run.console;
  EXPECT_THAT(run.console, HasSubstr("refused the credentials: UNAUTHENTICATED: no bearer token"));
}

}  // namespace
}  // namespace armada::auth
