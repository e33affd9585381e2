// Armada's command lines, run as its CI runs them: root flags before or
// after `test`, the pushgateway push, JUnit names.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/testing/cli_run.h"
#include "common/testing/spawn_logged.h"
#include "http/testing/fake_http_server.h"

namespace {

using armada::cli::testing::BinDir;
using armada::cli::testing::CaseFolder;
using armada::cli::testing::Ran;
using armada::cli::testing::RunToEnd;
using armada::common::testing::ShellExitCode;
using armada::common::testing::SpawnLogged;

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class ArmadaFlagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bin_ = BinDir();
    std::ofstream(dir_ / "cases" / "quick.yaml")
        << "numBatches: 1\nbatchSize: 1\nqueue: e2e-test-queue\njobs:\n"
           "  - namespace: default\n    podSpec:\n      restartPolicy: Never\n"
           "      containers:\n        - name: main\n          image: alpine:3.20.0\n"
           "          command: [\"true\"]\n"
           "          resources:\n            limits: {memory: 25Mi, cpu: 100m}\n"
           "            requests: {memory: 25Mi, cpu: 100m}\n"
           "---\ntimeout: 60s\nenvironment: ci\ntarget: local\n"
           "expectedEvents:\n  - submitted:\n  - succeeded:\n";
    std::ofstream(dir_ / "armadactl.yaml") << "armadaUrl: 127.0.0.1:1\nforceNoTls: true\n";
  }

  Ran Run(const std::vector<std::string>& given, const std::vector<std::string>& env = {}) {
    std::vector<std::string> args = {(bin_ / "armada-testsuite").string()};
    args.insert(args.end(), given.begin(), given.end());
    const std::string log = (dir_ / "output.log").string();
    return RunToEnd(args, ARMADA_TS_SOURCE_DIR, log, env);
  }

  std::string Pattern() const { return (dir_ / "cases" / "*.yaml").string(); }
  std::string Config() const { return (dir_ / "armadactl.yaml").string(); }

  CaseFolder folder_{"flags"};
  const fs::path dir_ = folder_.path();
  fs::path bin_;
};

// `armada-testsuite --config F test --tests T --junit J --prometheusPushgatewayUrl U`:
// the root flag before the subcommand, the four metrics pushed with their
// labels, and JUnit named as Armada's runner names it.
TEST_F(ArmadaFlagsTest, ArmadasCommandLinePushesTheFourMetrics) {
  armada::http::testing::FakeHttpServer gateway([](const armada::http::testing::ReceivedRequest&) {
    return armada::http::testing::Reply{200, ""};
  });
  const std::string junit = (dir_ / "junit.xml").string();
  const Ran run = Run({"--config", Config(), "test", "--local", "--tests", Pattern(), "--junit",
                       junit, "--prometheusPushgatewayUrl", gateway.url()});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto pushes = gateway.Requests();
  ASSERT_EQ(pushes.size(), 1u) << run.output;
  EXPECT_EQ(pushes[0].method, "PUT");
  EXPECT_EQ(pushes[0].target, "/metrics/job/armada-testsuite");
  const std::string labels = "{testcase=\"quick\",environment=\"ci\",target=\"local\"}";
  for (const char* metric :
       {"armada_testsuite_test_start_time", "armada_testsuite_test_finish_time"}) {
    EXPECT_THAT(pushes[0].body, HasSubstr(std::string(metric) + labels + " 1")) << metric;
  }
  EXPECT_THAT(pushes[0].body, HasSubstr("armada_testsuite_test_timeout" + labels + " 0"));
  EXPECT_THAT(pushes[0].body, HasSubstr("armada_testsuite_test_failure" + labels + " 0"));

  boost::property_tree::ptree tree;
  boost::property_tree::read_xml(junit, tree);
  // The pattern, as Go's runner names the suite, then the generation
  // armada-localstack answered as (its default executor config's).
  EXPECT_EQ(tree.get<std::string>("testsuites.<xmlattr>.name"), Pattern() + " [Armada v0.20.40]");
  EXPECT_EQ(tree.get<std::string>("testsuites.testsuite.<xmlattr>.name"),
            Pattern() + " [Armada v0.20.40]");
  EXPECT_FALSE(tree.get<std::string>("testsuites.testsuite.<xmlattr>.timestamp").empty());
  EXPECT_EQ(tree.get<std::string>("testsuites.testsuite.testcase.<xmlattr>.name"), "quick");
  EXPECT_EQ(tree.get<std::string>("testsuites.testsuite.testcase.<xmlattr>.classname"), "quick");
}

// Armada's root flags mean the same before and after the subcommand: the
// client config's server is the one asked.
TEST_F(ArmadaFlagsTest, RootFlagsBeforeOrAfterTheSubcommand) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--config", Config(), "test", "--tests", Pattern()},
        std::vector<std::string>{"test", "--tests", Pattern(), "--config", Config()},
        std::vector<std::string>{"--armadaUrl", "127.0.0.1:1", "test", "--tests", Pattern(),
                                 "--no-tls"}}) {
    std::vector<std::string> full = args;
    full.insert(full.end(), {"--connect-timeout", "1s"});
    const Ran run = Run(full);
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_THAT(run.output, HasSubstr("cannot reach Armada at 127.0.0.1:1")) << run.output;
  }
  const Ran context = Run({"-c", "nope", "--config", Config(), "test", "--tests", Pattern()});
  EXPECT_EQ(context.exit_code, 2) << context.output;
  EXPECT_THAT(context.output, HasSubstr("nope")) << context.output;
}

// As with Armada's runner: ARMADAURL is the URL (viper's AutomaticEnv) and
// `~` in a pattern is $HOME (go-zglob): `ARMADAURL=HOST:PORT armada-testsuite
// test --tests '~/cases/*.yaml'` asks that server for those cases.
TEST_F(ArmadaFlagsTest, ArmadaUrlFromTheEnvironmentAndTildeInThePattern) {
  const Ran run = Run({"test", "--tests", "~/cases/*.yaml", "--no-tls", "--connect-timeout", "1s"},
                      {"HOME=" + dir_.string(), "ARMADAURL=127.0.0.1:1"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output, HasSubstr("cannot reach Armada at 127.0.0.1:1")) << run.output;
  EXPECT_THAT(run.output, HasSubstr("quick")) << run.output;
}

// $HOME/.armadactl.yaml is found without --config, and CURRENTCONTEXT picks
// its context; a --config that does not exist is an error, for `version` too.
TEST_F(ArmadaFlagsTest, HomeConfigCurrentContextAndAMissingConfig) {
  std::ofstream(dir_ / ".armadactl.yaml")
      << "currentContext: a\ncontexts:\n  a: {armadaUrl: 127.0.0.1:2, forceNoTls: true}\n"
         "  b: {armadaUrl: 127.0.0.1:3, forceNoTls: true}\n";
  const Ran run = Run({"test", "--tests", Pattern(), "--connect-timeout", "1s"},
                      {"HOME=" + dir_.string(), "CURRENTCONTEXT=b"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output, HasSubstr("cannot reach Armada at 127.0.0.1:3")) << run.output;
  const Ran missing = Run({"version", "--config", (dir_ / "nope.yaml").string()});
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_THAT(missing.output, HasSubstr("could not find config file")) << missing.output;
  const Ran version = Run({"version", "--config", Config()});
  EXPECT_EQ(version.exit_code, 0) << version.output;
  EXPECT_THAT(version.output, HasSubstr("armada-testsuite ")) << version.output;
}

// Bare invocation prints the help and succeeds, as Armada's runner (cobra).
TEST_F(ArmadaFlagsTest, BareInvocationPrintsHelpAndExitsZero) {
  const Ran run = Run({});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("Subcommands:")) << run.output;
}

// A pattern below an existing folder that matches nothing runs no test and
// exits 0, as Armada's runner; a missing folder is an error.
TEST_F(ArmadaFlagsTest, NoMatchInAnExistingFolderRunsNothingAndExitsZero) {
  const Ran none = Run({"test", "--tests", (dir_ / "cases" / "*.yml").string(), "--junit",
                        (dir_ / "junit.xml").string(), "--config", Config()});
  EXPECT_EQ(none.exit_code, 0) << none.output;
  EXPECT_THAT(none.output, HasSubstr("matches no .yaml or .yml file")) << none.output;
  const Ran missing =
      Run({"test", "--tests", (dir_ / "nowhere" / "*.yaml").string(), "--config", Config()});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_THAT(missing.output, HasSubstr("no folder")) << missing.output;
}

}  // namespace
