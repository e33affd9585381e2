// `armada-testsuite record CASE.yaml... [--local | --config ...] [--output DIR]`:
// runs each case's jobs once with no expectations, watches them until every
// job ended, and writes the case back (in place, or into DIR) with
// expectedEvents as observed and a timeout with headroom
// (cli/recorded_expectations.h says what is recorded). A case whose jobs
// behave differently, did not end, or whose rewritten text would not load
// is not written; the reason is printed and the exit code is 1.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/client_setup.h"
#include "cli/commands.h"
#include "cli/ensure_queues.h"
#include "cli/host_environment.h"
#include "cli/local_target.h"
#include "cli/recorded_expectations.h"
#include "cli/run_interrupts.h"
#include "cli/run_options.h"
#include "common/read_file.h"
#include "report/file_output.h"
#include "runner/connection.h"
#include "runner/run_test_case.h"
#include "testcase/loader.h"

namespace armada::cli {
namespace {

struct RecordOptions {
  std::vector<std::string> cases;
  std::string output;
  RunOptions run;  // how to reach Armada: --local or the client config's flags
};

// How long the recording run may take when the case sets no timeout.
constexpr int kRecordingSeconds = 600;
// Cases are small (loader.h bounds them to 256 KiB).
constexpr size_t kMaxCaseBytes = 256 * 1024;

// The path the recorded case goes to.
std::string Destination(const RecordOptions& options, const std::string& file) {
  if (options.output.empty()) return file;
  return (std::filesystem::path(options.output) / std::filesystem::path(file).filename()).string();
}

// Records one case; an error says why it was not written.
Status RecordCase(const RecordOptions& options, const std::string& file,
                  const runner::Connection& connection, const runner::TestEnvironment& environment,
                  const StopSignal& stop) {
  auto text = ReadFileToString(file, kMaxCaseBytes);
  if (!text.ok()) return text.status();
  auto loaded = testcase::LoadTestCase(file);
  if (!loaded.ok()) return loaded.status();
  api::TestSpec spec = std::move(loaded).value();
  spec.clear_expected_events();
  if (spec.timeout().seconds() == 0 && spec.timeout().nanos() == 0) {
    spec.mutable_timeout()->set_seconds(kRecordingSeconds);
  }
  std::cout << "recording " << file << " ("
            << uint64_t{spec.num_batches()} * spec.batch_size() * spec.jobs_size()
            << " job(s), job set " << spec.job_set_id() << ")\n";
  const report::TestResult result =
      runner::RunTestCase(spec, file, connection, stop, {}, {}, environment);
  auto events = RecordedEventsOf(spec, result);
  if (!events.ok()) return events.status();
  const std::string rewritten =
      RewriteCase(*text, ExpectedEventsYaml(*events), RecordedTimeout(result.elapsed_seconds));
  const std::string destination = Destination(options, file);
  // What is written must load, and expect what was seen.
  auto check = testcase::ParseTestCaseAsWritten(rewritten, destination);
  if (!check.ok()) {
    return Status::Error("the recorded case would not load (" + check.status().message() +
                         "); nothing written");
  }
  if (check->expected_events_size() != static_cast<int>(events->size())) {
    return Status::Error("the recorded case holds " +
                         std::to_string(check->expected_events_size()) + " expected events where " +
                         std::to_string(events->size()) +
                         " were recorded (an expectedEvents key the rewrite did not find?)");
  }
  if (Status written = report::WriteWhole(destination, rewritten, "recorded case"); !written.ok()) {
    return written;
  }
  std::string seen;
  for (const RecordedEvent& event : *events) seen += (seen.empty() ? "" : ", ") + event.Describe();
  std::cout << "recorded " << destination << ": " << seen << "\n";
  return Status();
}

int RunRecord(const RecordOptions& options) {
  if (!options.output.empty()) {
    std::error_code error;
    std::filesystem::create_directories(options.output, error);
    if (error) {
      std::cerr << "error: --output " << options.output << ": " << error.message() << "\n";
      return 2;
    }
  }
  std::vector<runner::SuiteCase> cases;
  for (const std::string& file : options.cases) {
    auto spec = testcase::LoadTestCase(file);
    if (!spec.ok()) {
      std::cerr << "error: " << spec.status().message() << "\n";
      return 2;
    }
    cases.push_back({std::move(spec).value(), file, ""});
  }
  StopSignal stop;
  RunInterrupts interrupts(stop);
  std::unique_ptr<LocalTarget> local;
  runner::ClientConfig config;
  if (options.run.local) {
    auto started = LocalTarget::Start(options.run);
    if (!started.ok()) {
      std::cerr << "error: " << started.status().message() << "\n";
      return 2;
    }
    local = std::move(started).value();
    config = local->client();
  } else {
    auto resolved = ResolveClientConfig(options.run);
    if (!resolved.ok()) {
      std::cerr << "error: " << resolved.status().message() << "\n";
      return 2;
    }
    config = std::move(resolved).value();
  }
  runner::Connection connection(config);
  Status ready = connection.CheckHealth(std::chrono::seconds(10));
  if (ready.ok() && (local != nullptr || options.run.create_queues)) {
    ready = EnsureQueues(connection, QueuesUsedBy(cases));
  }
  if (!ready.ok()) {
    std::cerr << "error: " << ready.message() << "\n";
    return 2;
  }
  runner::TestEnvironment environment = MakeTestEnvironment(
      options.run.local, local ? local->nodes() : std::vector<localstack::ClusterNode>{});
  if (local != nullptr) environment.server_death = [l = local.get()] { return l->Death(); };
  size_t refused = 0;
  for (const runner::SuiteCase& test : cases) {
    if (stop.stopped()) break;
    if (Status recorded = RecordCase(options, test.file, connection, environment, stop);
        !recorded.ok()) {
      ++refused;
      std::cerr << "error: " << test.file << ": not recorded: " << recorded.message() << "\n";
    }
  }
  if (stop.stopped()) {
    std::cerr << "error: interrupted\n";
    return 130;
  }
  return refused == 0 ? 0 : 1;
}

}  // namespace

void AddRecordCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "record",
      "Run each case's jobs once and write the case back with expectedEvents as they "
      "behaved (reason as an anchored regex, categories in the server's generation, a "
      "timeout with headroom); comments and key order are kept");
  auto options = std::make_shared<RecordOptions>();
  cmd->add_option("cases", options->cases, "Test case files")->required()->check(CLI::ExistingFile);
  cmd->add_option("--output", options->output,
                  "Write the recorded cases into this folder (default: in place)");
  cmd->add_flag("--local", options->run.local,
                "Start armada-localstack on 127.0.0.1 and record against it (an OOM case needs "
                "root, as for `test`)");
  cmd->add_option("--executor-config", options->run.executor_config,
                  "Executor config for --local (default: e2e-config/executor_config.yaml); "
                  "executor_config.current.yaml records the failureCategory generation");
  cmd->add_option("--config", options->run.config,
                  "armadactl client config (default: ~/.armadactl.yaml when present)");
  cmd->add_option("-c,--context", options->run.context, "Context of the client config to use");
  cmd->add_option("--armadaUrl", options->run.armada_url, "Armada gRPC address HOST:PORT");
  cmd->add_flag("--no-tls,--insecure", options->run.no_tls, "Connect without TLS");
  cmd->add_option("--token-file", options->run.token_file, "File holding the bearer token");
  cmd->add_option("--ca-file", options->run.ca_file, "PEM certificates to trust for TLS");
  cmd->add_flag("--create-queues", options->run.create_queues,
                "Create the queues the cases submit to, if missing (always done with --local)");
  cmd->add_option("--localstack-arg", options->run.localstack_args,
                  "With --local, one more flag for armada-localstack (repeat for several)")
      ->allow_extra_args(false);
  cmd->callback([options, exit_code] {
    if (!options->run.localstack_args.empty() && !options->run.local) {
      std::cerr << "error: --localstack-arg: armada-localstack's flags need --local\n";
      *exit_code = 2;
      return;
    }
    *exit_code = RunRecord(*options);
  });
}

}  // namespace armada::cli
