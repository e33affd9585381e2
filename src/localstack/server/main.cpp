// armada-localstack: an Armada on one machine serving the public gRPC API and
// running jobs as local processes. See control/cluster.h for the event
// sequence, kubelet/executor.h for how pods run and local_server.h for an
// instance's life.
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "api/localstack_protocol.h"
#include "localstack/server/local_server.h"

namespace {

using namespace armada::localstack;

void AddServerFlags(CLI::App& app, LocalServerOptions& o) {
  app.add_option("--listen", o.listen,
                 "host:port to serve gRPC on (port 0: any free port); loopback unless "
                 "--allow-remote");
  app.add_option("--executor-config", o.executor_config_path,
                 "executor config YAML (application.errorCategories, clusterId, pool)");
  app.add_option("--localstack-config", o.localstack_config_path,
                 "armada-localstack's own settings: images, namespaces, nodes "
                 "(default: localstack.yaml beside --executor-config, else the shipped "
                 "e2e-config/localstack.yaml)");
  app.add_option("--cpu", o.cpu,
                 "each node's CPU capacity unless its settings give one, e.g. 4 or 1500m "
                 "(default: online CPUs)");
  app.add_option("--memory", o.memory,
                 "each node's memory capacity unless its settings give one, e.g. 8Gi "
                 "(default: MemTotal)");
  app.add_option("--pids-limit", o.pids_limit, "most processes one pod may have")
      ->check(CLI::PositiveNumber);
  app.add_option("--work-dir", o.work,
                 "where each instance keeps its per-job work directories, removed on exit "
                 "(default: /tmp/armada-localstack-UID)");
  app.add_option("--token-file", o.token_file,
                 "file holding the bearer token every call must carry (this user's, mode 0600; "
                 "created with a fresh token when missing; default: one in the instance's work "
                 "directory)");
  app.add_flag("--allow-remote", o.allow_remote,
               "allow a non-loopback --listen address (needs TLS)");
  app.add_option("--tls-cert", o.tls_cert, "PEM certificate chain to serve TLS with");
  app.add_option("--tls-key", o.tls_key, "PEM private key for --tls-cert");
  app.add_option("--executor", o.executor,
                 "process: run each job's containers as isolated local processes; synthetic: "
                 "run nothing, each container's end read from its command (load tests, "
                 "see synthetic_pod_runner.h)")
      ->check(CLI::IsMember({"process", "synthetic"}));
  app.add_flag("--run-unenforced", o.run_unenforced,
               "without root: run jobs whose memory or CPU limits or isolation this host cannot "
               "enforce, unconfined, instead of refusing them (needs root for ...)");
  app.add_option("--data-dir", o.data_dir,
                 "keep queues, retry policies, jobs and event logs in DIR/localstack.db (SQLite) "
                 "across restarts (default: in memory only)");
  app.add_option("--keep-finished-job-sets", o.retention.max_finished,
                 "how many finished job sets to keep before releasing the oldest")
      ->capture_default_str();
  app.add_option_function<int64_t>(
         "--keep-finished-for",
         [&o](const int64_t& seconds) { o.retention.max_age = std::chrono::seconds(seconds); },
         "seconds a finished job set is kept before it is released")
      ->default_str(std::to_string(o.retention.max_age.count()))
      ->check(CLI::NonNegativeNumber);
}

void AddFaultFlags(CLI::App& app, armada::localstack::FaultConfig& f) {
  app.add_option("--fault-stream-cut-every", f.stream_cut_every,
                 "fault: end each event stream with UNAVAILABLE after N events")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--fault-event-delay", f.event_delay_ms,
                 "fault: hold each streamed event back MS milliseconds (+/- half at random)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--fault-reject-submit-every", f.reject_submit_every,
                 "fault: every Nth SubmitJobs stores its jobs, then answers UNAVAILABLE")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--fault-double-preempted", f.double_preempted,
               "fault: each preemption logs JobPreemptedEvent twice");
}

// Blocks SIGINT and SIGTERM in this thread and every thread started after
// it, so they reach only Run's sigwait; containers unblock them before exec.
sigset_t BlockTerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int Run(int argc, char** argv) {
  // Jobs run as an unprivileged uid that must traverse the work directories
  // this server creates; a caller's restrictive umask (077) would lock them
  // out. Secret files are created with explicit modes, not through the umask.
  ::umask(022);
  CLI::App app{"armada-localstack: an Armada on one machine that runs jobs as local processes"};
  LocalServerOptions options;
  bool cleanup = false;
  AddServerFlags(app, options);
  AddFaultFlags(app, options.faults);
  app.add_flag("--cleanup", cleanup,
               "remove what killed instances left (processes, cgroups, work directories) "
               "and exit");
  CLI11_PARSE(app, argc, argv);

  spdlog::set_default_logger(spdlog::stderr_color_mt("localstack"));
  if (cleanup) {
    auto remaining = RemoveStaleInstances(options.work);
    if (!remaining.ok()) {
      spdlog::error("{}", remaining.status().message());
      return 1;
    }
    for (const auto& problem : *remaining) spdlog::error("{}", problem);
    return remaining->empty() ? 0 : 1;
  }
  const sigset_t signals = BlockTerminationSignals();
  auto server = LocalServer::Start(std::move(options));
  if (!server.ok()) {
    spdlog::error("{}", server.status().message());
    return 1;
  }
  std::cout << armada::kListeningPrefix << (*server)->address() << std::endl;
  (*server)->LogSummary();

  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received signal {}, shutting down", received);
  (*server)->Stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
