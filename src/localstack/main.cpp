// armada-localstack: an Armada on one machine serving the public gRPC API and
// running jobs as local processes. See cluster.h for the event sequence and
// executor.h for how pods run.
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/quantity.h"
#include "localstack/auth.h"
#include "localstack/binoculars_service.h"
#include "localstack/cgroup.h"
#include "localstack/cluster.h"
#include "localstack/event_log.h"
#include "localstack/executor.h"
#include "localstack/executor_config.h"
#include "localstack/faults.h"
#include "localstack/isolation.h"
#include "localstack/job_set_retention.h"
#include "localstack/localstack_config.h"
#include "localstack/queue_store.h"
#include "localstack/run_dir.h"
#include "localstack/server.h"
#include "localstack/store.h"
#include "localstack/synthetic_pod_runner.h"

namespace {

using namespace armada::localstack;

constexpr char kCgroupPrefix[] = "armada-localstack";

armada::StatusOr<int64_t> ParseAmount(const std::string& flag, const std::string& text,
                                      bool milli) {
  auto q = armada::Quantity::Parse(text);
  if (!q.ok() || q->Amount() <= 0) {
    return armada::Status::Error(flag + ": invalid quantity \"" + text + "\"");
  }
  return milli ? q->MilliValue() : q->Value();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Removes what SIGKILLed instances left: their cgroups (with any process
// still in them) and their run directories.
void RemoveStale(const std::string& work) {
  CgroupTree::RemoveStale(kCgroupPrefix);
  for (const auto& dir : RemoveStaleRuns(work)) spdlog::info("removed stale {}", dir);
}

// The credentials for --listen; loopback without TLS takes only local peers.
armada::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ListenCredentials(
    const std::string& listen, bool allow_remote, const std::string& tls_cert,
    const std::string& tls_key) {
  const std::string host = listen.substr(0, listen.rfind(':'));
  const bool tls = !tls_cert.empty() || !tls_key.empty();
  if (tls && (tls_cert.empty() || tls_key.empty())) {
    return armada::Status::Error("--tls-cert and --tls-key go together");
  }
  if (!IsLoopbackHost(host)) {
    if (!allow_remote) {
      return armada::Status::Error("--listen " + listen +
                                   ": not a loopback address; armada-localstack runs anyone's "
                                   "commands, so serving other machines needs --allow-remote "
                                   "and TLS (--tls-cert, --tls-key)");
    }
    if (!tls) {
      return armada::Status::Error("--listen " + listen +
                                   ": a non-loopback address needs TLS (--tls-cert, --tls-key)");
    }
  }
  if (!tls) return grpc::experimental::LocalServerCredentials(LOCAL_TCP);
  grpc::SslServerCredentialsOptions options;
  const std::string cert = ReadFile(tls_cert), key = ReadFile(tls_key);
  if (cert.empty()) return armada::Status::Error("--tls-cert: cannot read " + tls_cert);
  if (key.empty()) return armada::Status::Error("--tls-key: cannot read " + tls_key);
  options.pem_key_cert_pairs.push_back({key, cert});
  return grpc::SslServerCredentials(options);
}

int Run(int argc, char** argv) {
  // Jobs run as an unprivileged uid that must traverse the work directories
  // this server creates; a caller's restrictive umask (077) would lock them
  // out. Secret files are created with explicit modes, not through the umask.
  ::umask(022);
  CLI::App app{"armada-localstack: an Armada on one machine that runs jobs as local processes"};
  std::string listen = "127.0.0.1:50051";
  std::string executor_config_path, localstack_config_path;
  std::string cpu, memory, work = DefaultWorkDir(), token_file, tls_cert, tls_key;
  bool allow_remote = false, cleanup = false;
  int64_t pids_limit = CgroupTree::kDefaultPidsLimit;
  app.add_option("--listen", listen,
                 "host:port to serve gRPC on (port 0: any free port); loopback unless "
                 "--allow-remote");
  app.add_option("--executor-config", executor_config_path,
                 "executor config YAML (application.errorCategories, clusterId, pool)");
  app.add_option("--localstack-config", localstack_config_path,
                 "armada-localstack's own settings: images, namespaces, nodes "
                 "(default: localstack.yaml beside --executor-config, else the shipped "
                 "e2e-config/localstack.yaml)");
  app.add_option("--cpu", cpu,
                 "each node's CPU capacity unless its settings give one, e.g. 4 or 1500m "
                 "(default: online CPUs)");
  app.add_option("--memory", memory,
                 "each node's memory capacity unless its settings give one, e.g. 8Gi "
                 "(default: MemTotal)");
  app.add_option("--pids-limit", pids_limit, "most processes one container may have")
      ->check(CLI::PositiveNumber);
  app.add_option("--work-dir", work,
                 "where each instance keeps its per-job work directories, removed on exit "
                 "(default: /tmp/armada-localstack-UID)");
  app.add_option("--token-file", token_file,
                 "file holding the bearer token every call must carry (mode 0600; created with "
                 "a fresh token when missing; default: one in the instance's work directory)");
  app.add_flag("--allow-remote", allow_remote, "allow a non-loopback --listen address (needs TLS)");
  app.add_option("--tls-cert", tls_cert, "PEM certificate chain to serve TLS with");
  app.add_option("--tls-key", tls_key, "PEM private key for --tls-cert");
  std::string executor_kind = "process";
  app.add_option("--executor", executor_kind,
                 "process: run each job's containers as isolated local processes; synthetic: "
                 "run nothing, each container's end read from its command (load tests, "
                 "see synthetic_pod_runner.h)")
      ->check(CLI::IsMember({"process", "synthetic"}));
  app.add_flag("--cleanup", cleanup,
               "remove what killed instances left (processes, cgroups, work directories) "
               "and exit");
  std::string data_dir;
  app.add_option("--data-dir", data_dir,
                 "keep queues, jobs and event logs in DIR/localstack.db (SQLite) across restarts "
                 "(default: in memory only)");
  RetentionConfig retention;
  int64_t keep_finished_seconds = retention.max_age.count();
  app.add_option("--keep-finished-job-sets", retention.max_finished,
                 "how many finished job sets to keep before releasing the oldest")
      ->capture_default_str();
  app.add_option("--keep-finished-for", keep_finished_seconds,
                 "seconds a finished job set is kept before it is released")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  FaultConfig faults;
  app.add_option("--fault-stream-cut-every", faults.stream_cut_every,
                 "fault: end each event stream with UNAVAILABLE after N events")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--fault-event-delay", faults.event_delay_ms,
                 "fault: hold each streamed event back MS milliseconds (+/- half at random)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--fault-reject-submit-every", faults.reject_submit_every,
                 "fault: every Nth SubmitJobs stores its jobs, then answers UNAVAILABLE")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--fault-double-preempted", faults.double_preempted,
               "fault: each preemption logs JobPreemptedEvent twice");
  CLI11_PARSE(app, argc, argv);
  retention.max_age = std::chrono::seconds(keep_finished_seconds);

  spdlog::set_default_logger(spdlog::stderr_color_mt("localstack"));
  if (cleanup) {
    RemoveStale(work);
    return 0;
  }
  if (executor_config_path.empty()) {
    spdlog::error("--executor-config is required");
    return 1;
  }
  auto credentials = ListenCredentials(listen, allow_remote, tls_cert, tls_key);
  if (!credentials.ok()) {
    spdlog::error("{}", credentials.status().message());
    return 1;
  }

  // Every thread started from here on inherits this mask, so the signals
  // reach only the sigwait below; containers unblock them before exec.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Read once; the cluster's identity and the classifier both come from it.
  auto executor_config = LoadExecutorConfig(executor_config_path);
  if (!executor_config.ok()) {
    spdlog::error("{}", executor_config.status().message());
    return 1;
  }
  if (localstack_config_path.empty()) {
    auto found = DefaultLocalstackConfigPath(executor_config_path);
    if (!found.ok()) {
      spdlog::error("{}", found.status().message());
      return 1;
    }
    localstack_config_path = *found;
  }
  auto settings = LoadLocalstackConfig(localstack_config_path);
  if (!settings.ok()) {
    spdlog::error("{}", settings.status().message());
    return 1;
  }
  ClusterConfig config;
  config.cluster_id = executor_config->cluster_id;
  config.pool = executor_config->pool;
  config.settings = std::move(settings).value();
  config.capacity = MachineCapacity();
  config.retention = retention;
  config.faults = faults;
  if (!cpu.empty()) {
    auto milli = ParseAmount("--cpu", cpu, true);
    if (!milli.ok()) {
      spdlog::error("{}", milli.status().message());
      return 1;
    }
    config.capacity.milli_cpu = *milli;
  }
  if (!memory.empty()) {
    auto bytes = ParseAmount("--memory", memory, false);
    if (!bytes.ok()) {
      spdlog::error("{}", bytes.status().message());
      return 1;
    }
    config.capacity.memory_bytes = *bytes;
  }

  RemoveStale(work);
  auto run_dir = RunDir::Create(work);
  if (!run_dir.ok()) {
    spdlog::error("--work-dir: {}", run_dir.status().message());
    return 1;
  }
  if (token_file.empty()) token_file = run_dir->path() + "/token";
  auto token = LoadOrCreateToken(token_file);
  if (!token.ok()) {
    spdlog::error("--token-file: {}", token.status().message());
    return 1;
  }
  (*credentials)
      ->SetAuthMetadataProcessor(
          std::make_shared<TokenAuthProcessor>(std::move(token).value(), token_file));

  // The synthetic executor runs no process: it needs neither cgroups nor
  // isolation.
  const bool synthetic = executor_kind == "synthetic";
  // Jobs' container logs, kept after each job for the Binoculars service.
  const JobLogs job_logs(run_dir->path() + "/logs");
  const CgroupTree cgroups =
      synthetic ? CgroupTree() : CgroupTree::Create(kCgroupPrefix, pids_limit);
  for (const auto& problem : cgroups.problems()) spdlog::debug("cgroups: {}", problem);
  std::unique_ptr<PodRunner> pod_runner;
  if (synthetic) {
    pod_runner = std::make_unique<SyntheticPodRunner>();
    spdlog::warn("--executor synthetic: {}", pod_runner->unenforced());
  } else {
    std::string isolation_problem;
    const bool isolation = IsolationWorks(run_dir->path() + "/probe", &isolation_problem);
    if (!isolation && geteuid() == 0) {
      // Unisolated, a job would be the host's root.
      spdlog::error("cannot isolate jobs, refusing to run them as the host's root: {}",
                    isolation_problem);
      cgroups.RemoveAll();
      return 1;
    }
    auto executor = std::make_unique<Executor>(run_dir->path(), cgroups, isolation);
    executor->KeepLogsIn(&job_logs);
    if (!executor->unenforced().empty()) {
      std::string details;
      for (const auto& problem : cgroups.problems()) details += "; " + problem;
      if (!isolation) details += "; isolation: " + isolation_problem;
      spdlog::warn("{}: jobs run without them{}", executor->unenforced(), details);
    }
    pod_runner = std::move(executor);
  }

  std::unique_ptr<Store> store;
  if (!data_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    auto opened = ec ? armada::StatusOr<std::unique_ptr<Store>>(
                           armada::Status::Error("cannot create " + data_dir + ": " + ec.message()))
                     : Store::Open(data_dir + "/localstack.db");
    if (!opened.ok()) {
      spdlog::error("--data-dir: {}", opened.status().message());
      cgroups.RemoveAll();
      return 1;
    }
    store = std::move(*opened);
  }
  QueueStore queues(store.get());
  EventLog events(store.get());
  Cluster cluster(config, executor_config->classifier, *pod_runner, queues, events, store.get());
  SubmitService submit(cluster, queues, faults);
  QueueService queue_service(cluster, queues);
  EventService event_service(events, faults);
  JobsService jobs_service(cluster);
  NodeService node_service(cluster);
  BinocularsService binoculars_service(job_logs);

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, *credentials, &port);
  builder.RegisterService(&submit);
  builder.RegisterService(&queue_service);
  builder.RegisterService(&event_service);
  builder.RegisterService(&jobs_service);
  builder.RegisterService(&node_service);
  builder.RegisterService(&binoculars_service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    spdlog::error("--listen: cannot listen on {}", listen);
    cgroups.RemoveAll();
    return 1;
  }
  const std::string host = listen.substr(0, listen.rfind(':'));
  std::cout << "listening on " << host << ":" << port << std::endl;
  spdlog::info("serving cluster {} pool {}; work in {}; settings from {}", config.cluster_id,
               config.pool, run_dir->path(), localstack_config_path);
  for (const ClusterNode& node : cluster.nodes()) {
    std::string labels, taints;
    for (const auto& [key, value] : node.spec.labels()) {
      labels += (labels.empty() ? "" : ",") + key + "=" + value;
    }
    for (const auto& taint : node.spec.taints()) {
      taints +=
          (taints.empty() ? "" : ",") + taint.key() + "=" + taint.value() + ":" + taint.effect();
    }
    spdlog::info("node {}: {}m CPU, {} bytes of memory, labels [{}], taints [{}]", node.name,
                 node.capacity.milli_cpu, node.capacity.memory_bytes, labels, taints);
  }
  spdlog::info("callers need the bearer token in {} (armada-testsuite --token-file)", token_file);

  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received signal {}, shutting down", received);
  cluster.Shutdown();
  spdlog::info("all jobs stopped");
  // Streams end with UNAVAILABLE, so clients resume against the next server;
  // the short deadline only cuts calls that would otherwise hold the exit up.
  event_service.Shutdown();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(100));
  server->Wait();
  cgroups.RemoveAll();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
