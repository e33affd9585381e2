// `armada-testsuite test`: the host of a run. It reads top-down: check the
// flags, load the cases, reach Armada (or start armada-localstack), run the
// suite, write the reports. Data flows one way: YAML -> test cases -> runner
// -> results -> reports.
#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/client_setup.h"
#include "cli/commands.h"
#include "cli/ensure_queues.h"
#include "cli/host_environment.h"
#include "cli/labels.h"
#include "cli/last_failed.h"
#include "cli/local_target.h"
#include "cli/readiness.h"
#include "cli/repeat.h"
#include "cli/retries.h"
#include "cli/run_console.h"
#include "cli/run_interrupts.h"
#include "cli/run_options.h"
#include "cli/run_reports.h"
#include "cli/selection.h"
#include "cli/shard.h"
#include "cli/test_paths.h"
#include "cli/usage.h"
#include "cli/watch.h"
#include "kube/kubeconfig.h"
#include "runner/connection.h"
#include "runner/job_log_source.h"
#include "runner/run_test_case.h"
#include "runner/suite.h"
#include "testcase/duration.h"

namespace armada::cli {
namespace {

// The exit code of a run that could not start at all (no test case to run,
// no report folder); once tests exist, report::RunExitCode decides.
constexpr int kCannotRun = 2;
constexpr char kTestHelp[] = "run `armada-testsuite test --help` for usage";

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// --connect-timeout as a duration (nullopt when not given); an error names
// the flag. Also refuses --localstack-arg without --local.
StatusOr<std::optional<std::chrono::milliseconds>> CheckFlags(const RunOptions& options) {
  if (!options.localstack_args.empty() && !options.local) {
    return Status::Error("--localstack-arg: armada-localstack's flags need --local");
  }
  if (options.watch && !options.local) {
    return Status::Error("--watch: needs --local (it keeps one armada-localstack running)");
  }
  if (options.watch) {
    // A session has no end for a report to describe: refused, not ignored.
    for (const auto& [flag, value] :
         {std::pair<const char*, bool>{"--junit", !options.junit.empty()},
          {"--json", !options.json.empty()},
          {"--html", !options.html.empty()},
          {"--benchmark", !options.benchmark.empty()},
          {"--prometheusPushgatewayUrl", !options.pushgateway_url.empty()},
          {"--repeat", options.repeat != 1}}) {
      if (value)
        return Status::Error(std::string("--watch writes no reports and repeats nothing: drop ") +
                             flag);
    }
  }
  if (options.retries < 0) {
    return Status::Error("--retries " + std::to_string(options.retries) + ": must be 0 or more");
  }
  if (options.fail_on_flaky && options.retries == 0) {
    return Status::Error("--fail-on-flaky: a test is flaky only with --retries N");
  }
  if (!options.shard.empty()) {
    if (auto shard = ParseShard(options.shard); !shard.ok()) return shard.status();
  }
  if (options.connect_timeout.empty()) return std::optional<std::chrono::milliseconds>();
  auto timeout = testcase::ParseGoDuration(options.connect_timeout);
  if (!timeout.ok() || timeout->seconds() < 0 || timeout->nanos() < 0) {
    return Status::Error(
        "--connect-timeout " + options.connect_timeout + ": " +
        (timeout.ok() ? std::string("must not be negative") : timeout.status().message()));
  }
  return std::optional(std::chrono::milliseconds(
      google::protobuf::util::TimeUtil::DurationToMilliseconds(*timeout)));
}

// --timeout as a duration (0: none); an error names the flag.
StatusOr<std::chrono::milliseconds> DefaultTimeout(const RunOptions& options) {
  auto timeout = testcase::ParseGoDuration(options.timeout);
  if (!timeout.ok() || timeout->seconds() < 0 || timeout->nanos() < 0) {
    return Status::Error("--timeout " + options.timeout + ": " +
                         (timeout.ok() ? std::string("must not be negative (0: no timeout)")
                                       : timeout.status().message()));
  }
  return std::chrono::milliseconds(
      google::protobuf::util::TimeUtil::DurationToMilliseconds(*timeout));
}

// The cases a run runs; `none_because` says why there are none when that
// is no mistake (no file matched the patterns, nothing failed last time, an
// empty shard).
struct Selection {
  std::vector<runner::SuiteCase> cases;
  std::string none_because;
};

// The selected cases: --tests, --filter/--exclude, --label/--exclude-label,
// --last-failed, then --shard. Patterns that match no file are warnings, and
// none matching at all runs no test (exit 0), as Armada's runner does. An
// error when the patterns are wrong or the flags before --last-failed and
// --shard leave none of the files that matched.
StatusOr<Selection> LoadCases(const RunOptions& options) {
  std::vector<std::string> unmatched;
  auto loaded = LoadSelectedCases(options.tests, options.filter, options.exclude, &unmatched);
  for (const std::string& pattern : unmatched) spdlog::warn("{}", pattern);
  if (loaded.ok())
    loaded = SelectByLabels(std::move(*loaded), options.labels, options.exclude_labels);
  if (!loaded.ok()) return loaded.status();
  if (loaded->empty()) {
    if (!unmatched.empty()) return Selection{{}, "no test case file matched"};
    return Status::Error(
        "no test case selected (check --tests, --filter, --exclude, --label, --exclude-label)");
  }
  Selection selection{std::move(*loaded), ""};
  if (options.last_failed) {
    auto failed = LastFailedNames(*options.last_failed);
    if (!failed.ok()) return failed.status();
    selection.cases = SelectLastFailed(std::move(selection.cases), failed->first);
    spdlog::info("--last-failed: {} of the selected test(s) failed in {}", selection.cases.size(),
                 failed->second);
    if (selection.cases.empty()) {
      selection.none_because = "--last-failed: no selected test failed in " + failed->second;
      return selection;
    }
  }
  if (!options.shard.empty()) {
    const size_t before = selection.cases.size();
    selection.cases = ShardCases(std::move(selection.cases), *ParseShard(options.shard));
    spdlog::info("--shard {}: {} of {} selected test(s)", options.shard, selection.cases.size(),
                 before);
    if (selection.cases.empty()) {
      selection.none_because = "--shard " + options.shard + ": this shard holds none of the " +
                               std::to_string(before) + " selected test(s)";
    }
  }
  return selection;
}

// Every test reported as could-not-run with one reason: for a run whose
// setup (server, connection) failed.
// A case that did not load keeps its own error.
std::vector<report::TestResult> CouldNotRun(const std::vector<runner::SuiteCase>& cases,
                                            const std::string& reason) {
  spdlog::error("{}", reason);
  std::vector<report::TestResult> results;
  for (const auto& test : cases) {
    results.push_back(test.load_error.empty()
                          ? runner::ResultOf(test.spec, test.file, report::Outcome::kError, reason)
                          : runner::UnloadedResult(test.spec, test.file, test.load_error));
  }
  return results;
}

// When no case loaded there is nothing to run: each is its own error, and
// no server is reached or started.
bool NoneLoaded(const std::vector<runner::SuiteCase>& cases) {
  return std::all_of(cases.begin(), cases.end(),
                     [](const runner::SuiteCase& test) { return !test.load_error.empty(); });
}

std::vector<report::TestResult> FatalError(const FinishedResults& finished,
                                           const std::string& what) {
  const std::string message = "fatal error in armada-testsuite: " + what;
  spdlog::error("{}", message);
  return finished.SoFar(message, report::Outcome::kError);
}

// Where getLogs reads job logs: armada-localstack serves Binoculars itself;
// against Armada, at --binocularsUrl or the config's binocularsUrl; else the
// Kubernetes API of kubeconfig's current context. `binoculars` keeps the
// connection the source uses.
runner::JobLogSource JobLogsFor(const RunOptions& options, const runner::ClientConfig& config,
                                const runner::Connection& armada, bool local,
                                std::unique_ptr<runner::Connection>& binoculars) {
  const std::string url =
      options.binoculars_url.empty() ? config.binoculars_url : options.binoculars_url;
  if (!url.empty()) {
    runner::ClientConfig binoculars_config = config;
    binoculars_config.armada_url = url;
    binoculars = std::make_unique<runner::Connection>(binoculars_config);
  }
  return runner::ChooseJobLogSource(binoculars != nullptr ? binoculars.get()
                                    : local               ? &armada
                                                          : nullptr,
                                    kube::LoadClusterAccess(kube::KubeconfigPaths(
                                        std::getenv("KUBECONFIG"), std::getenv("HOME"))));
}

// Runs the cases whose queue exists; the others end as could-not-run, naming
// the fix, without waiting for a submission to be refused.
std::vector<report::TestResult> RunWithQueues(const std::vector<runner::SuiteCase>& cases,
                                              const std::vector<std::string>& missing_queues,
                                              const runner::Connection& connection,
                                              runner::SuiteOptions suite, int retries,
                                              StopSignal& stop, LiveStatus* live,
                                              FinishedResults& finished) {
  std::vector<report::TestResult> results(cases.size());
  std::vector<runner::SuiteCase> runnable;
  std::vector<size_t> index;  // runnable[j] is cases[index[j]]
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string& queue = cases[i].spec.queue();
    if (!cases[i].spec.has_queue_config() &&
        std::find(missing_queues.begin(), missing_queues.end(), queue) != missing_queues.end()) {
      results[i] = runner::ResultOf(cases[i].spec, cases[i].file, report::Outcome::kError,
                                    MissingQueueMessage(queue));
      finished.Set(i, results[i]);
      continue;
    }
    runnable.push_back(cases[i]);
    index.push_back(i);
  }
  for (const std::string& queue : missing_queues) spdlog::error("{}", MissingQueueMessage(queue));
  if (runnable.empty()) return results;
  std::vector<report::TestResult> ran = RunWithRetries(
      runnable, retries, stop,
      [&](const std::vector<runner::SuiteCase>& some, const std::vector<size_t>& indices) {
        runner::SuiteOptions attempt = suite;
        attempt.on_result = [&finished, &index, &indices](size_t i, const report::TestResult& r) {
          finished.Set(index[indices[i]], r);
        };
        return runner::RunSuite(some, connection, attempt, stop, live);
      });
  for (size_t j = 0; j < ran.size(); ++j) results[index[j]] = std::move(ran[j]);
  return results;
}

// The Armada a run talks to, reached and ready: with --local the
// armada-localstack it uses (started here unless shared), the connection,
// and the queues the cases name that do not exist.
struct Target {
  std::unique_ptr<LocalTarget> started_here;
  LocalTarget* local = nullptr;  // null against a real Armada
  runner::ClientConfig config;
  std::unique_ptr<runner::Connection> connection;
  std::vector<std::string> missing_queues;
};

// Reaches the run's Armada (with --local, `shared` when given, else an
// armada-localstack started here), waits until it is ready and makes the
// cases' queues when the run may; an error says why it could not.
StatusOr<Target> ReachTarget(const RunOptions& options, const std::vector<runner::SuiteCase>& cases,
                             std::optional<std::chrono::milliseconds> connect_timeout,
                             LocalTarget* shared) {
  Target target;
  target.local = shared;
  if (options.local && target.local == nullptr) {
    auto started = LocalTarget::Start(options);
    if (!started.ok()) return started.status();
    target.started_here = std::move(started).value();
    target.local = target.started_here.get();
  }
  if (target.local != nullptr) {
    target.config = target.local->client();
  } else {
    auto resolved = ResolveClientConfig(options);
    if (!resolved.ok()) return resolved.status();
    target.config = std::move(resolved).value();
  }
  target.connection = std::make_unique<runner::Connection>(target.config);
  const bool makes_queues = target.local != nullptr || options.create_queues;
  Status ready =
      AwaitReadiness(target.config, *target.connection, connect_timeout, target.local != nullptr);
  if (ready.ok() && makes_queues) ready = EnsureQueues(*target.connection, QueuesUsedBy(cases));
  if (!ready.ok()) return ready;
  if (!makes_queues) target.missing_queues = MissingQueues(*target.connection, QueuesUsedBy(cases));
  return target;
}

// How the suite runs against target: parallelism, fail-fast, and what tests
// need from outside Armada's API (environment.h). `binoculars` keeps the
// connection getLogs reads through.
runner::SuiteOptions SuiteOptionsFor(const RunOptions& options, const Target& target,
                                     std::chrono::milliseconds default_timeout,
                                     std::unique_ptr<runner::Connection>& binoculars) {
  LocalTarget* local = target.local;
  runner::SuiteOptions suite;
  suite.parallel = static_cast<size_t>(options.parallel);
  suite.fail_fast = options.fail_fast;
  suite.environment = MakeTestEnvironment(
      options.local, local ? local->nodes() : std::vector<localstack::ClusterNode>{});
  suite.environment.check_lifecycle = options.check_lifecycle.value_or(options.local);
  suite.environment.default_timeout = default_timeout;
  if (suite.environment.check_lifecycle) {
    spdlog::info("checking every job's events against Armada's job lifecycle");
  }
  if (local != nullptr) {
    suite.environment.server_death = [local] { return local->Death(); };
    suite.environment.why_queued = [local](const std::vector<std::string>& ids) {
      return local->WhyQueued(ids);
    };
  }
  suite.environment.job_logs =
      JobLogsFor(options, target.config, *target.connection, local != nullptr, binoculars);
  return suite;
}

// Reaches the run's Armada, makes its queues and runs every case; each
// result also goes to `finished`. With --local, `shared` is the session's
// armada-localstack (--watch), else one is started for this run.
std::vector<report::TestResult> RunCases(const RunOptions& options,
                                         const std::vector<runner::SuiteCase>& cases,
                                         std::optional<std::chrono::milliseconds> connect_timeout,
                                         std::chrono::milliseconds default_timeout,
                                         StopSignal& stop, LiveStatus* live,
                                         FinishedResults& finished, LocalTarget* shared = nullptr) {
  if (NoneLoaded(cases)) return CouldNotRun(cases, "no test case loaded");
  auto target = ReachTarget(options, cases, connect_timeout, shared);
  if (!target.ok()) return CouldNotRun(cases, target.status().message());
  spdlog::info("running {} test case(s) against {}", cases.size(), target->connection->url());
  std::unique_ptr<runner::Connection> binoculars;
  const runner::SuiteOptions suite = SuiteOptionsFor(options, *target, default_timeout, binoculars);
  std::vector<report::TestResult> results =
      RunWithQueues(cases, target->missing_queues, *target->connection, suite, options.retries,
                    stop, live, finished);
  if (target->started_here != nullptr) {
    target->started_here->EndedWith(std::all_of(results.begin(), results.end(), [](const auto& r) {
      return report::CountsAsPassed(r.outcome) || r.outcome == report::Outcome::kSkipped;
    }));
  }
  return results;
}

// --watch: one armada-localstack for the session; every selected case runs,
// then the cases whose files change (read again, so edits apply) run again,
// until SIGINT or SIGTERM, which end the session cleanly (exit 0). A case
// that does not load prints its error and the watch goes on.
int WatchTests(const RunOptions& options, std::optional<std::chrono::milliseconds> connect_timeout,
               std::chrono::milliseconds default_timeout, StopSignal& stop, RunConsole& console) {
  auto watcher = FileWatcher::Create(options.tests);
  if (!watcher.ok()) {
    std::cerr << "error: " << watcher.status().message() << "\n";
    return kCannotRun;
  }
  auto local = LocalTarget::Start(options);
  if (!local.ok()) {
    std::cerr << "error: " << local.status().message() << "\n";
    return kCannotRun;
  }
  std::vector<std::string> changed;  // empty: every selected case
  while (!stop.stopped()) {
    auto loaded = LoadCases(options);
    if (!loaded.ok()) spdlog::error("{}", loaded.status().message());
    std::vector<runner::SuiteCase> cases;
    if (loaded.ok()) {
      for (runner::SuiteCase& test : loaded->cases) {
        if (changed.empty() ||
            std::find(changed.begin(), changed.end(), test.file) != changed.end()) {
          cases.push_back(std::move(test));
        }
      }
    }
    if (!cases.empty()) {
      FinishedResults finished(cases);
      for (const report::TestResult& r : RunCases(options, cases, connect_timeout, default_timeout,
                                                  stop, console.live(), finished, local->get())) {
        spdlog::info("watch: {} {} in {:.1f}s{}", r.name, report::InfoOf(r.outcome).name,
                     r.elapsed_seconds, r.message.empty() ? "" : ": " + r.message);
      }
    }
    if (stop.stopped()) break;
    spdlog::info("watch: waiting for changes to {} (Ctrl-C to stop)", options.tests);
    changed = (*watcher)->WaitForChanges(stop);
    for (const std::string& file : changed) spdlog::info("watch: {} changed", file);
  }
  spdlog::info("watch: stopped ({})", stop.reason());
  return 0;
}

int RunTests(const RunOptions& options) {
  const auto started = Clock::now();
  auto connect_timeout = CheckFlags(options);
  auto default_timeout = DefaultTimeout(options);
  for (const Status& flag : {connect_timeout.status(), default_timeout.status()}) {
    if (!flag.ok()) {
      std::cerr << "error: " << flag.message() << "\n" << kTestHelp << "\n";
      return kUsageExit;
    }
  }
  if (Status folders = MakeReportFolders(options); !folders.ok()) {
    std::cerr << "error: " << folders.message() << "\n";
    return kCannotRun;
  }
  StopSignal stop;
  RunInterrupts interrupts(stop);  // before any other thread
  RunConsole console(options);
  if (options.tests_by_default) {
    spdlog::info("no --tests given: running {} (name files, folders or --tests for others)",
                 options.tests);
  }
  if (options.watch) {
    const int code = WatchTests(options, *connect_timeout, *default_timeout, stop, console);
    console.Close();
    return code;
  }
  auto loaded = LoadCases(options);
  if (!loaded.ok()) {
    std::cerr << "error: " << loaded.status().message() << "\n";
    WriteJUnitForUnloadable(options.junit, loaded.status().message(), SecondsSince(started));
    return kCannotRun;
  }
  if (loaded->cases.empty()) {
    std::cout << loaded->none_because << ": nothing to run\n";
    return WriteReports(options, {}, {}, {}, SecondsSince(started), 0, /*push=*/false);
  }
  // Every run of every test (--repeat), each with a job set of its own.
  const std::vector<runner::SuiteCase> cases = RepeatCases(loaded->cases, options.repeat);
  FinishedResults finished(cases);
  interrupts.ArmReports([&](int signo) {
    const auto so_far = finished.SoFar("not waited for: interrupted by a second signal");
    std::_Exit(WriteReports(options, loaded->cases, cases, so_far, SecondsSince(started), signo,
                            /*push=*/false));
  });
  std::vector<report::TestResult> results;
  // Whatever escapes (std::bad_alloc, ...) still leaves a JUnit report in
  // which every test that did not end names it.
  try {
    results = RunCases(options, cases, *connect_timeout, *default_timeout, stop, console.live(),
                       finished);
  } catch (const std::exception& e) {
    results = FatalError(finished, e.what());
  } catch (...) {
    results = FatalError(finished, "an exception of unknown type");
  }
  console.Close();
  interrupts.DisarmReports();
  return WriteReports(options, loaded->cases, cases, results, SecondsSince(started),
                      interrupts.signal_received(), /*push=*/true);
}

// The flags of `test`, in the order --help lists them: what to run and
// where (the server, its credentials, --local).
void AddCaseAndServerFlags(CLI::App& app, CLI::App* cmd, RunOptions* options) {
  cmd->add_option("--tests", options->tests,
                  "Comma-separated glob patterns of test case files, e.g. 'testcases/**/*.yaml' "
                  "(default, without PATHS: " +
                      std::string(kDefaultTestRun) + ")");
  cmd->add_option("paths", options->paths,
                  "Test case files or folders (a folder: its .yaml files at any depth), with or "
                  "instead of --tests");
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
                  "Check the server first and wait this long for it, e.g. 10s, 1m (default: no "
                  "check but armadaRestUrl's /health, as Armada's runner; 10s with --local); "
                  "an unreachable server is reported once and the run exits 2");
  cmd->add_option("--timeout", options->timeout,
                  "Timeout of a test case that sets no `timeout:`, e.g. 90s, 10m; 0: none, as "
                  "Armada's runner")
      ->capture_default_str();
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
}

// Which tests by name, and the reports.
void AddFilterAndReportFlags(CLI::App* cmd, RunOptions* options) {
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
  cmd->add_flag("--coverage", options->coverage,
                "Print which transitions of Armada's job lifecycle the jobs took (and which "
                "tests), the untaken ones and the failure categories seen; --json and --html "
                "carry the table and the state graph");
}

// How the tests run: at once, again, on failure.
void AddRunControlFlags(CLI::App* cmd, RunOptions* options) {
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
  cmd->add_option("--retries", options->retries,
                  "Run a test that failed again, up to N more times, each time in a fresh job "
                  "set; one that then passes is reported flaky (default 0)");
  cmd->add_flag("--fail-on-flaky", options->fail_on_flaky,
                "With --retries, a flaky test fails the run (exit 1)");
}

// The flags whose values the command's callback reads from CLI11 itself.
struct LateFlags {
  CLI::Option* last_failed = nullptr;
  CLI::Option* check_lifecycle = nullptr;
};

// Shards, labels, --last-failed, --watch, armada-localstack's flags, the
// lifecycle check and the console's detail.
LateFlags AddSelectionAndConsoleFlags(CLI::App* cmd, RunOptions* options) {
  cmd->add_option("--shard", options->shard,
                  "Run only part I of N of the selected tests (e.g. 2/3), split by name the same "
                  "on every machine; join the parts' reports with `report merge`");
  cmd->add_option("--label", options->labels,
                  "Only tests carrying one of these labels (the case's `labels:`; repeatable, "
                  "comma-separated)");
  cmd->add_option("--exclude-label", options->exclude_labels,
                  "Leave out tests carrying one of these labels (repeatable, comma-separated)");
  LateFlags late;
  late.last_failed = cmd->add_option("--last-failed",
                                     "Only the tests that failed or errored in a previous "
                                     "run: its JSON report (--last-failed=FILE), else the last "
                                     "one a run wrote with --json")
                         ->expected(0, 1);
  cmd->add_flag("--watch", options->watch,
                "With --local: keep one armada-localstack running, run the selected cases, then "
                "run each case again when its file changes, until Ctrl-C");
  cmd->add_option("--localstack-arg", options->localstack_args,
                  "With --local, one more flag for armada-localstack, e.g. "
                  "--localstack-arg=--fault-stream-cut-every=1 (repeat for several)")
      ->allow_extra_args(false);
  // A bool flag takes `=false` (and refuses other words as a usage error);
  // whether it was given at all decides between its value and --local's default.
  late.check_lifecycle = cmd->add_flag(
      "--check-lifecycle", options->check_lifecycle_value,
      "Fail a test whose events break Armada's job lifecycle (on by default with --local; "
      "--check-lifecycle=false turns it off)");
  cmd->add_flag("-v,--verbose", options->verbose,
                "Also print each test's steps (queues, batches, actions) and one line per event, "
                "stamped with the time the server created it");
  cmd->add_flag("-q,--quiet", options->quiet, "Print only failures and the summary")
      ->excludes("--verbose");
  return late;
}

}  // namespace

void AddTestCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "test", "Run test cases against Armada and report (exit 0 only when every test passed)");
  // CLI11 keeps pointers to the options' storage, which must outlive this call.
  auto options = std::make_shared<RunOptions>();
  AddCaseAndServerFlags(app, cmd, options.get());
  AddFilterAndReportFlags(cmd, options.get());
  AddRunControlFlags(cmd, options.get());
  const LateFlags late = AddSelectionAndConsoleFlags(cmd, options.get());
  cmd->callback([options, exit_code, late] {
    if (late.check_lifecycle->count() > 0) {
      options->check_lifecycle = options->check_lifecycle_value;
    }
    options->tests_by_default = options->tests.empty() && options->paths.empty();
    options->tests = TestPatterns(options->tests, options->paths, kDefaultTestRun);
    if (late.last_failed->count() > 0) {
      options->last_failed =
          late.last_failed->results().empty() ? "" : late.last_failed->results().front();
    }
    *exit_code = RunTests(*options);
  });
}

}  // namespace armada::cli
