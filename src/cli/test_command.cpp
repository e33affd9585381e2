#include <google/protobuf/util/time_util.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "cli/ensure_queues.h"
#include "cli/live_status.h"
#include "cli/localstack_process.h"
#include "cli/repeat.h"
#include "cli/selection.h"
#include "cli/termination_signals.h"
#include "cli/test_environment.h"
#include "cli/usage.h"
#include "common/token_file.h"
#include "kube/kubeconfig.h"
#include "localstack/executor_config.h"
#include "report/benchmark.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/junit.h"
#include "report/pushgateway.h"
#include "report/step_summary.h"
#include "report/summary.h"
#include "runner/client_config.h"
#include "runner/connection.h"
#include "runner/job_log_source.h"
#include "runner/suite.h"
#include "runner/test_case.h"
#include "testcase/duration.h"

namespace armada::cli {
namespace {

// The exit code of a run that could not start at all (no test case to run,
// no report folder); once tests exist, report::RunExitCode decides.
constexpr int kCannotRun = 2;

struct TestOptions {
  std::string tests, junit, config, context, armada_url, token, token_file, ca_file,
      executor_config;
  std::string filter, exclude;
  std::string pushgateway_url, pushgateway_job = "armada-testsuite", benchmark;
  std::string json, html, binoculars_url;
  bool local = false;
  bool fail_fast = false;
  bool verbose = false;
  bool quiet = false;
  bool no_tls = false;
  bool create_queues = false;
  // --check-lifecycle: the value given, else on exactly with --local.
  std::optional<bool> check_lifecycle;
  bool check_lifecycle_value = false;  // --check-lifecycle's storage
  int parallel = 0;
  int repeat = 1;
  std::vector<std::string> localstack_args;
  std::string connect_timeout = "10s";
};

// The client configuration: armadactl's file (--config, else
// ~/.armadactl.yaml when present), then the flags and ARMADA_TOKEN on top.
StatusOr<runner::ClientConfig> ResolveClientConfig(const TestOptions& options) {
  std::string path = options.config;
  if (path.empty()) {
    const char* home = std::getenv("HOME");
    const std::string fallback = home != nullptr ? std::string(home) + "/.armadactl.yaml" : "";
    if (!fallback.empty() && std::filesystem::exists(fallback)) path = fallback;
  }
  runner::ClientConfig config;
  if (!path.empty()) {
    auto loaded = runner::LoadClientConfig(path, options.context);
    if (!loaded.ok()) return loaded.status();
    config = *loaded;
  } else if (!options.context.empty()) {
    return Status::Error("--context " + options.context + " needs a client config (--config)");
  }
  for (const std::string& warning : config.warnings) spdlog::warn("{}", warning);
  if (!options.armada_url.empty()) config.armada_url = options.armada_url;
  if (options.no_tls) config.force_no_tls = true;
  if (!options.token.empty() && !options.token_file.empty()) {
    return Status::Error("--token and --token-file: give one");
  }
  config.auth.bearer_token = options.token;
  if (!options.token_file.empty()) {
    auto token = ReadTokenFile(options.token_file);
    if (!token.ok()) return Status::Error("--token-file: " + token.status().message());
    config.auth.bearer_token = *token;
  }
  if (!options.ca_file.empty()) {
    std::ifstream in(options.ca_file);
    std::stringstream pem;
    pem << in.rdbuf();
    if (!in || pem.str().find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      return Status::Error("--ca-file: " + options.ca_file + " holds no PEM certificate");
    }
    config.root_certificates = pem.str();
  }
  if (config.auth.bearer_token.empty()) {
    if (const char* token = std::getenv("ARMADA_TOKEN")) config.auth.bearer_token = token;
  }
  return config;
}

// Sends the console log to sink. By default a test's start and verdict,
// each failed job and warnings (info and up); a test's steps and per-event
// lines (debug) only when verbose; with quiet, only errors (failed tests)
// before the summary.
void LogTo(std::shared_ptr<spdlog::sinks::sink> sink, const TestOptions& options) {
  auto logger = std::make_shared<spdlog::logger>("armada-testsuite", std::move(sink));
  logger->set_level(options.verbose ? spdlog::level::debug
                    : options.quiet ? spdlog::level::err
                                    : spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
  spdlog::set_pattern("%H:%M:%S.%e %^%l%$ %v");
}

// Creates the folder a report flag's file is in, so that the report (and,
// with --local, the server's log beside the JUnit file) can be written there.
Status MakeReportFolder(const std::string& flag, const std::string& path) {
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  if (path.empty() || folder.empty()) return Status();
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) {
    return Status::Error("cannot create the folder of " + flag + " " + path + ": " +
                         error.message());
  }
  return Status();
}

// Writes every report the flags and GITHUB_STEP_SUMMARY ask for; false when
// one could not be written (each problem printed).
bool WriteReportFiles(const TestOptions& options, const std::vector<report::TestResult>& results,
                      double total) {
  std::vector<Status> written;
  if (!options.junit.empty()) {
    written.push_back(report::WriteJUnit(results, total, options.junit, options.tests));
  }
  if (!options.json.empty()) written.push_back(report::WriteJson(results, total, options.json));
  if (!options.html.empty()) written.push_back(report::WriteHtml(results, total, options.html));
  if (!options.benchmark.empty()) {
    written.push_back(report::WriteBenchmark(results, options.benchmark));
  }
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary != nullptr && *summary) {
    written.push_back(report::AppendStepSummary(results, total, summary));
  }
  bool all = true;
  for (const Status& status : written) {
    if (status.ok()) continue;
    std::cerr << "error: " << status.message() << "\n";
    all = false;
  }
  return all;
}

// Where --local writes armada-localstack's log: beside the JUnit report, else
// in a fresh temp directory, kept so the log can be read after the run.
StatusOr<std::string> LocalStackLogPath(const std::string& junit) {
  const std::string name = "armada-localstack.log";
  if (!junit.empty()) return (std::filesystem::path(junit).parent_path() / name).string();
  std::error_code error;
  const auto tmp = std::filesystem::temp_directory_path(error);
  std::string dir = (error ? std::filesystem::path("/tmp") : tmp) / "armada-testsuite-XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) {
    return Status::Error("cannot create a directory for armada-localstack's log: " +
                         std::string(std::strerror(errno)));
  }
  return dir + "/" + name;
}

// Every test reported as could-not-run with one reason: for a run whose
// setup (server, connection) failed.
std::vector<report::TestResult> CouldNotRun(const std::vector<runner::SuiteCase>& cases,
                                            const std::string& reason) {
  std::vector<report::TestResult> results;
  for (const auto& test : cases) {
    results.push_back(runner::ResultOf(test.spec, test.file, report::Outcome::kError, reason));
  }
  return results;
}

// For a run that has no test cases to run: a JUnit report holding the
// reason as an <error>, since CI reads that file for the outcome and a
// missing one reads as "no report" rather than as this error.
void WriteJUnitForUnloadable(const std::string& path, const std::string& reason, double seconds) {
  if (path.empty()) return;
  report::TestResult result;
  result.name = "load test cases";
  result.outcome = report::Outcome::kError;
  result.message = reason;
  if (Status written = report::WriteJUnit({result}, seconds, path); !written.ok()) {
    std::cerr << "error: " << written.message() << "\n";
  }
}

// Armada's metrics for each test, from the cases and their results (in the
// same order).
std::vector<report::TestMetrics> MetricsOf(const std::vector<runner::SuiteCase>& cases,
                                           const std::vector<report::TestResult>& results) {
  std::vector<report::TestMetrics> metrics;
  for (size_t i = 0; i < results.size() && i < cases.size(); ++i) {
    const report::TestResult& r = results[i];
    report::TestMetrics m;
    m.testcase = r.name;
    m.environment = cases[i].spec.environment();
    m.target = cases[i].spec.target();
    m.start = r.started_at;
    m.finish = r.started_at + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                  std::chrono::duration<double>(r.elapsed_seconds));
    m.timed_out = r.timed_out;
    m.failed = r.outcome != report::Outcome::kPassed;
    metrics.push_back(std::move(m));
  }
  return metrics;
}

// Each run's result as it ends, for reports written before every test
// ended (a second signal, a fatal error). Thread-safe.
class FinishedResults {
 public:
  explicit FinishedResults(const std::vector<runner::SuiteCase>& cases)
      : cases_(cases), results_(cases.size()) {}
  void Set(size_t i, const report::TestResult& result) {
    std::lock_guard<std::mutex> lock(mu_);
    results_[i] = result;
  }
  // Every run: its result when it ended, else interrupted (or, with kError,
  // an error) with reason.
  std::vector<report::TestResult> SoFar(const std::string& reason,
                                        report::Outcome unended = report::Outcome::kInterrupted) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<report::TestResult> out;
    for (size_t i = 0; i < cases_.size(); ++i) {
      out.push_back(results_[i]
                        ? *results_[i]
                        : runner::ResultOf(cases_[i].spec, cases_[i].file, unended, reason));
    }
    return out;
  }

 private:
  const std::vector<runner::SuiteCase>& cases_;
  std::mutex mu_;
  std::vector<std::optional<report::TestResult>> results_;
};

std::vector<report::TestResult> FatalError(FinishedResults& finished, const std::string& what) {
  const std::string message = "fatal error in armada-testsuite: " + what;
  spdlog::error("{}", message);
  return finished.SoFar(message, report::Outcome::kError);
}

// A second signal's way out: writes the reports on a thread of its own (so
// the signal thread still hears a third signal) once armed with how.
class EarlyReports {
 public:
  void Arm(std::function<void(int)> write) {
    std::lock_guard<std::mutex> lock(mu_);
    write_ = std::move(write);
  }
  // Before what write uses goes away, when the run's own end is about to
  // write the reports: a second signal from then on waits for those.
  void Disarm() {
    std::unique_lock<std::mutex> lock(mu_);
    // A writer under way exits the process when done: wait for that.
    while (writing_) never_.wait(lock);
    write_ = nullptr;
    ending_ = true;
  }
  // True when the reports are being written (by this call's thread, or by
  // the run's own end); false when not armed (nothing to report yet).
  bool Start(int signo) {
    std::lock_guard<std::mutex> lock(mu_);
    if (ending_) return true;
    if (!write_ || writing_) return false;
    writing_ = true;
    std::thread([write = write_, signo] { write(signo); }).detach();
    return true;
  }

 private:
  std::mutex mu_;
  std::condition_variable never_;
  std::function<void(int)> write_;
  bool writing_ = false;
  bool ending_ = false;
};

// The report files, the summary (and with --repeat the tally), the
// pushgateway when push; returns the run's exit code.
int WriteReports(const TestOptions& options, const std::vector<runner::SuiteCase>& tests,
                 const std::vector<runner::SuiteCase>& runs,
                 const std::vector<report::TestResult>& results, double total, int signo,
                 bool push) {
  bool report_lost = !WriteReportFiles(options, results, total);
  if (!options.benchmark.empty()) report::PrintBenchmarkTable(std::cout, results);
  report::PrintSummary(std::cout, results, total);
  if (options.repeat > 1) PrintRepeatTally(std::cout, tests, options.repeat, results);
  std::cout.flush();
  if (push && !options.pushgateway_url.empty()) {
    const Status pushed = report::PushMetrics(options.pushgateway_url, options.pushgateway_job,
                                              MetricsOf(runs, results), std::chrono::seconds(30));
    if (!pushed.ok()) {
      std::cerr << "error: " << pushed.message() << "\n";
      report_lost = true;
    } else {
      spdlog::info("pushed the metrics of {} test(s) to {} (job {})", results.size(),
                   options.pushgateway_url, options.pushgateway_job);
    }
  }
  const int exit_code = report::RunExitCode(results, signo);
  // A run whose report could not be written did not succeed, whatever its tests did.
  return report_lost && exit_code == 0 ? 1 : exit_code;
}

int RunTests(const TestOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (!options.localstack_args.empty() && !options.local) {
    std::cerr << "error: --localstack-arg: armada-localstack's flags need --local\n";
    return kUsageExit;
  }
  auto connect_timeout = testcase::ParseGoDuration(options.connect_timeout);
  if (!connect_timeout.ok() || connect_timeout->seconds() < 0 || connect_timeout->nanos() < 0) {
    std::cerr << "error: --connect-timeout " << options.connect_timeout << ": "
              << (connect_timeout.ok() ? std::string("must not be negative")
                                       : connect_timeout.status().message())
              << "\n";
    return kUsageExit;
  }
  const auto connect_deadline = std::chrono::milliseconds(
      google::protobuf::util::TimeUtil::DurationToMilliseconds(*connect_timeout));
  for (const auto& [flag, path] :
       {std::pair<const char*, const std::string&>{"--junit", options.junit},
        {"--json", options.json},
        {"--html", options.html},
        {"--benchmark", options.benchmark}}) {
    if (Status folder = MakeReportFolder(flag, path); !folder.ok()) {
      std::cerr << "error: " << folder.message() << "\n";
      return kCannotRun;
    }
  }
  StopSignal stop;
  std::atomic<int> signal_received{0};
  std::atomic<int> signals_seen{0};
  // Set once the tests are known: writes JUnit and the summary from what
  // has ended so far, then exits (a second signal's way out).
  EarlyReports early_reports;
  // Before any other thread exists, so every thread inherits the blocked signals.
  TerminationSignals signals([&](int signo) {
    const int seen = ++signals_seen;
    signal_received.store(signo);
    const std::string name = signo == SIGINT ? "SIGINT" : "SIGTERM";
    if (seen == 1) {
      spdlog::warn(
          "{} received: stopping; job sets are being cancelled (again to write the reports and "
          "exit now)",
          name);
      stop.Stop("interrupted by " + name);
    } else if (seen == 2 && early_reports.Start(signo)) {
      // Reported on its own thread, so a third signal is still heard.
      spdlog::warn("{} again: writing the reports now (a third to exit without them)", name);
    } else {
      // The user insists. The local server dies with us (it is told to on our death).
      std::_Exit(128 + signo);
    }
  });

  const bool terminal = isatty(STDOUT_FILENO) != 0;
  const bool color = UseColor(terminal, std::getenv("NO_COLOR"));
  LiveStatus::Options console;
  console.terminal = terminal;
  console.color = color;
  console.columns = [] { return TerminalColumns(STDOUT_FILENO); };
  auto live = std::make_unique<LiveStatus>(stdout, console);
  LogTo(live->sink(), options);

  auto loaded = LoadSelectedCases(options.tests, options.filter, options.exclude);
  std::string unloadable;
  if (!loaded.ok()) {
    unloadable = loaded.status().message();
  } else if (loaded->empty()) {
    unloadable = "no test case selected (check --tests, --filter, --exclude)";
  }
  if (!unloadable.empty()) {
    std::cerr << "error: " << unloadable << "\n";
    WriteJUnitForUnloadable(
        options.junit, unloadable,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return kCannotRun;
  }
  // Every run of every test (--repeat), each with a job set of its own.
  const std::vector<runner::SuiteCase> cases = RepeatCases(*loaded, options.repeat);
  FinishedResults finished(cases);
  const auto seconds_so_far = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  early_reports.Arm([&](int signo) {
    const auto results = finished.SoFar("not waited for: interrupted by a second signal");
    const int code = WriteReports(options, *loaded, cases, results, seconds_so_far(), signo,
                                  /*push=*/false);
    std::_Exit(code);
  });

  std::unique_ptr<LocalStack> local;
  std::vector<localstack::ClusterNode> local_nodes;  // armada-localstack's, for node actions
  std::vector<std::string> localstack_args = options.localstack_args;
  std::string local_token_dir;
  runner::ClientConfig config;
  Status setup;
  std::vector<report::TestResult> results;
  // Whatever escapes (std::bad_alloc, ...) still leaves a JUnit report in
  // which every test that did not end names it.
  try {
    if (options.local) {
      auto binary = FindLocalStackBinary();
      auto executor_config = options.executor_config.empty()
                                 ? FindExecutorConfig()
                                 : StatusOr<std::string>(options.executor_config);
      auto log_path = LocalStackLogPath(options.junit);
      if (!binary.ok()) {
        setup = binary.status();
      } else if (!executor_config.ok()) {
        setup = executor_config.status();
      } else if (!log_path.ok()) {
        setup = log_path.status();
      } else if (auto parsed = localstack::LoadExecutorConfig(*executor_config); !parsed.ok()) {
        setup = parsed.status();
      } else if (auto nodes =
                     LocalstackNodes(*executor_config, parsed->cluster_id, &localstack_args);
                 !nodes.ok()) {
        setup = nodes.status();
      } else {
        local_nodes = std::move(nodes).value();
        spdlog::info("starting {} with {}; its log: {}", *binary, *executor_config, *log_path);
        // The server writes its token into a directory only this user can
        // enter; the token travels by file, never on a command line.
        char token_dir[] = "/tmp/armada-testsuite-token-XXXXXX";
        if (mkdtemp(token_dir) == nullptr) {
          setup = Status::Error("cannot create a directory for armada-localstack's token: " +
                                std::string(std::strerror(errno)));
        } else {
          local_token_dir = token_dir;
          const std::string token_file = local_token_dir + "/token";
          auto started_stack = LocalStack::Start(*binary, *executor_config, *log_path, token_file,
                                                 std::chrono::seconds(30), localstack_args);
          auto token = started_stack.ok() ? ReadTokenFile(token_file) : started_stack.status();
          if (started_stack.ok()) local = std::move(*started_stack);
          if (token.ok()) {
            config.armada_url = local->address();
            config.force_no_tls = true;
            config.auth.bearer_token = *token;
            spdlog::debug("armada-localstack listening on {}", local->address());
          } else {
            setup = token.status();
          }
        }
      }
    } else {
      auto resolved = ResolveClientConfig(options);
      if (resolved.ok()) {
        config = *resolved;
      } else {
        setup = resolved.status();
      }
    }

    if (setup.ok()) {
      runner::Connection connection(config);
      spdlog::debug("connecting to {} (--connect-timeout {})", connection.url(),
                    options.connect_timeout);
      setup = connection.CheckHealth(connect_deadline);
      if (setup.ok() && (local != nullptr || options.create_queues)) {
        setup = EnsureQueues(connection, QueuesUsedBy(cases));
      }
      if (setup.ok()) {
        spdlog::info("running {} test case(s) against {}", cases.size(), connection.url());
        runner::SuiteOptions suite_options;
        suite_options.parallel = static_cast<size_t>(options.parallel);
        suite_options.fail_fast = options.fail_fast;
        suite_options.environment = MakeTestEnvironment(options.local, std::move(local_nodes));
        suite_options.environment.check_lifecycle = options.check_lifecycle.value_or(options.local);
        if (suite_options.environment.check_lifecycle) {
          spdlog::info("checking every job's events against Armada's job lifecycle");
        }
        if (local != nullptr) {
          suite_options.environment.server_death = [stack = local.get()] { return stack->Death(); };
        }
        // getLogs reads Binoculars: armada-localstack serves it itself;
        // against Armada, at --binocularsUrl or the config's binocularsUrl;
        // else the Kubernetes API of kubeconfig's current context.
        std::unique_ptr<runner::Connection> binoculars;
        const std::string binoculars_url =
            options.binoculars_url.empty() ? config.binoculars_url : options.binoculars_url;
        if (!binoculars_url.empty()) {
          runner::ClientConfig binoculars_config = config;
          binoculars_config.armada_url = binoculars_url;
          binoculars = std::make_unique<runner::Connection>(binoculars_config);
        }
        suite_options.environment.job_logs =
            runner::ChooseJobLogSource(binoculars != nullptr ? binoculars.get()
                                       : local != nullptr    ? &connection
                                                             : nullptr,
                                       kube::LoadClusterAccess(kube::KubeconfigPaths(
                                           std::getenv("KUBECONFIG"), std::getenv("HOME"))));
        suite_options.on_result = [&finished](size_t i, const report::TestResult& result) {
          finished.Set(i, result);
        };
        results = runner::RunSuite(cases, connection, suite_options, stop, live.get());
      }
    }
    if (!setup.ok()) {
      spdlog::error("{}", setup.message());
      results = CouldNotRun(cases, setup.message());
    }
  } catch (const std::exception& e) {
    results = FatalError(finished, e.what());
  } catch (...) {
    results = FatalError(finished, "an exception of unknown type");
  }
  if (local != nullptr) local->Stop();
  if (!local_token_dir.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(local_token_dir, ignored);
  }
  LogTo(std::make_shared<spdlog::sinks::stdout_color_sink_mt>(color ? spdlog::color_mode::always
                                                                    : spdlog::color_mode::never),
        options);
  live.reset();
  early_reports.Disarm();
  return WriteReports(options, *loaded, cases, results, seconds_so_far(), signal_received.load(),
                      /*push=*/true);
}

}  // namespace

void AddTestCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "test", "Run test cases against Armada and report (exit 0 only when every test passed)");
  // CLI11 keeps pointers to the options' storage, which must outlive this call.
  auto options = std::make_shared<TestOptions>();
  cmd->add_option("--tests", options->tests,
                  "Comma-separated glob patterns of test case files, e.g. 'testcases/**/*.yaml'")
      ->required();
  cmd->add_option("--junit", options->junit, "Write a JUnit XML report to this file");
  // Armada's runner takes these as root (persistent) flags, before or after
  // the subcommand: so do we, with the same meaning.
  app.add_option("--config", options->config,
                 "armadactl client config (default: ~/.armadactl.yaml when present)");
  app.add_option("-c,--context", options->context, "Context of the client config to use");
  app.add_option("--armadaUrl", options->armada_url, "Armada gRPC address HOST:PORT");
  cmd->fallthrough();
  cmd->add_flag("--no-tls,--insecure", options->no_tls,
                "Connect without TLS (as forceNoTls: true in the client config)");
  cmd->add_flag(
      "--create-queues", options->create_queues,
      "Create the queues the test cases submit to, if missing (always done with --local)");
  cmd->add_option("--connect-timeout", options->connect_timeout,
                  "How long to wait for the server at the start, e.g. 10s, 1m (default 10s); an "
                  "unreachable server is reported once and the run exits 2");
  cmd->add_option("--token", options->token,
                  "Bearer token for every call (default: $ARMADA_TOKEN); visible to ps, prefer "
                  "--token-file");
  cmd->add_option("--token-file", options->token_file, "File holding the bearer token (mode 0600)");
  cmd->add_option("--ca-file", options->ca_file,
                  "PEM certificates to trust for TLS instead of the system's");
  cmd->add_flag("--local", options->local,
                "Start armada-localstack on 127.0.0.1 and run against it");
  cmd->add_option("--executor-config", options->executor_config,
                  "Executor config for --local (default: e2e-config/executor_config.yaml)");
  cmd->add_option("--filter", options->filter, "Only tests whose name matches this RE2 regex");
  cmd->add_option("--exclude", options->exclude, "Leave out tests whose name matches this regex");
  cmd->add_option("--prometheusPushgatewayUrl", options->pushgateway_url,
                  "At the end, push Armada's test metrics to the Prometheus pushgateway at this "
                  "URL (as Armada's runner)");
  cmd->add_option("--prometheusPushgatewayJobName", options->pushgateway_job,
                  "The pushgateway job the metrics go to")
      ->capture_default_str();
  cmd->add_option("--benchmark", options->benchmark,
                  "Write how long jobs took to reach each state (per test and overall: count, "
                  "min, max, average, variance, p50/p90/p99) as JSON to this file, and print "
                  "the table");
  cmd->add_option("--binocularsUrl", options->binoculars_url,
                  "Armada's Binoculars HOST:PORT, where getLogs reads failed jobs' logs (default: "
                  "binocularsUrl of the client config; --local uses armada-localstack's; "
                  "without one, the Kubernetes API of kubeconfig's current context)");
  cmd->add_option("--json", options->json,
                  "Write the results as JSON (tests, results, failures, every job's events) to "
                  "this file");
  cmd->add_option("--html", options->html,
                  "Write a self-contained HTML report (summary, per-test job timelines, "
                  "failures, job logs) to this file");
  cmd->add_flag("--fail-fast", options->fail_fast,
                "At the first failure start no more tests and stop the running ones");
  cmd->add_option("--parallel", options->parallel, "Tests run at once (default 0: all)")
      ->check(CLI::Validator(
          [](std::string& value) {
            return value.rfind('-', 0) == 0 ? "must be 0 (all) or more, not " + value
                                            : std::string();
          },
          "N>=0"));
  cmd->add_option("--repeat", options->repeat,
                  "Run each selected test N times, each with a fresh job set; prints per test "
                  "its pass count and distinct failure messages (default 1)")
      ->check(CLI::Validator(
          [](std::string& value) {
            return value.find_first_not_of("0123456789") == std::string::npos &&
                           value.find_first_not_of('0') != std::string::npos
                       ? std::string()
                       : "must be 1 or more, not " + value;
          },
          "N>=1"));
  cmd->add_option("--localstack-arg", options->localstack_args,
                  "With --local, one more flag for armada-localstack, e.g. "
                  "--localstack-arg=--fault-stream-cut-every=1 (repeat for several)")
      ->allow_extra_args(false);
  // A bool flag takes `=false` (and refuses other words as a usage error);
  // whether it was given at all decides between its value and --local's default.
  CLI::Option* check_lifecycle = cmd->add_flag(
      "--check-lifecycle", options->check_lifecycle_value,
      "Fail a test whose events break Armada's job lifecycle (on by default with --local; "
      "--check-lifecycle=false turns it off)");
  cmd->add_flag("-v,--verbose", options->verbose,
                "Also print each test's steps (queues, batches, actions) and one line per event "
                "received");
  cmd->add_flag("-q,--quiet", options->quiet, "Print only failures and the summary")
      ->excludes("--verbose");
  cmd->callback([options, exit_code, check_lifecycle] {
    if (check_lifecycle->count() > 0) options->check_lifecycle = options->check_lifecycle_value;
    *exit_code = RunTests(*options);
  });
}

}  // namespace armada::cli
