#include "localstack/server/local_server.h"

#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include "common/quantity.h"
#include "common/read_file.h"
#include "common/words.h"
#include "localstack/config/executor_config.h"
#include "localstack/config/localstack_config.h"
#include "localstack/control/cluster.h"
#include "localstack/control/event_log.h"
#include "localstack/control/queue_store.h"
#include "localstack/control/store.h"
#include "localstack/kubelet/executor.h"
#include "localstack/kubelet/isolation.h"
#include "localstack/kubelet/job_logs.h"
#include "localstack/kubelet/synthetic_pod_runner.h"
#include "localstack/server/auth.h"
#include "localstack/server/binoculars_service.h"
#include "localstack/server/jobs_service.h"
#include "localstack/server/retry_policy_service.h"
#include "localstack/server/server.h"

namespace armada::localstack {

namespace {

constexpr char kCgroupPrefix[] = "armada-localstack";
// A certificate chain or key file; real ones are a few KiB.
constexpr size_t kMaxPemBytes = 1 << 20;

StatusOr<int64_t> ParseAmount(const std::string& flag, const std::string& text, bool milli) {
  auto q = Quantity::Parse(text);
  if (!q.ok() || q->Amount() <= 0) {
    return Status::Error(flag + ": invalid quantity \"" + text + "\"");
  }
  return milli ? q->MilliValue() : q->Value();
}

// The credentials for --listen; loopback without TLS takes only local peers.
StatusOr<std::shared_ptr<grpc::ServerCredentials>> ListenCredentials(const LocalServerOptions& o) {
  const std::string host = o.listen.substr(0, o.listen.rfind(':'));
  const bool tls = !o.tls_cert.empty() || !o.tls_key.empty();
  if (tls && (o.tls_cert.empty() || o.tls_key.empty())) {
    return Status::Error("--tls-cert and --tls-key go together");
  }
  if (!IsLoopbackHost(host)) {
    if (!o.allow_remote) {
      return Status::Error("--listen " + o.listen +
                           ": not a loopback address; armada-localstack runs anyone's "
                           "commands, so serving other machines needs --allow-remote "
                           "and TLS (--tls-cert, --tls-key)");
    }
    if (!tls) {
      return Status::Error("--listen " + o.listen +
                           ": a non-loopback address needs TLS (--tls-cert, --tls-key)");
    }
  }
  if (!tls) return grpc::experimental::LocalServerCredentials(LOCAL_TCP);
  auto cert = ReadFileToString(o.tls_cert, kMaxPemBytes);
  if (!cert.ok()) return Status::Error("--tls-cert: " + cert.status().message());
  auto key = ReadFileToString(o.tls_key, kMaxPemBytes);
  if (!key.ok()) return Status::Error("--tls-key: " + key.status().message());
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

// Who the cluster is and what it holds, from the executor config, the
// localstack settings and the capacity flags.
StatusOr<ClusterConfig> LoadClusterConfig(LocalServerOptions& o, const ExecutorConfig& executor) {
  if (o.localstack_config_path.empty()) {
    auto found = DefaultLocalstackConfigPath(o.executor_config_path);
    if (!found.ok()) return found.status();
    o.localstack_config_path = *found;
  }
  auto settings = LoadLocalstackConfig(o.localstack_config_path);
  if (!settings.ok()) return settings.status();
  ClusterConfig config;
  config.cluster_id = executor.cluster_id;
  config.pool = executor.pool;
  config.settings = std::move(settings).value();
  config.capacity = MachineCapacity();
  config.retention = o.retention;
  config.faults = o.faults;
  config.generation = executor.generation;
  if (!o.cpu.empty()) {
    auto milli = ParseAmount("--cpu", o.cpu, true);
    if (!milli.ok()) return milli.status();
    config.capacity.milli_cpu = *milli;
  }
  if (!o.memory.empty()) {
    auto bytes = ParseAmount("--memory", o.memory, false);
    if (!bytes.ok()) return bytes.status();
    config.capacity.memory_bytes = *bytes;
  }
  return config;
}

// The stored job specs hold their environments, secrets included: the data
// directory is this user's alone, 0700, and its files 0600 (SQLite gives its
// journal, WAL and shared-memory files the database's mode).
StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& data_dir) {
  if (data_dir.empty()) return std::unique_ptr<Store>();
  const auto error = [&](const std::string& what) {
    return Status::Error("--data-dir: " + what + ": " + std::strerror(errno));
  };
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(data_dir).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (::mkdir(data_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return error("cannot create " + data_dir);
  }
  const int dir = ::open(data_dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir < 0) return error("cannot open " + data_dir + " as a directory");
  struct stat info {};
  ::fstat(dir, &info);
  if (info.st_uid != ::geteuid()) {
    ::close(dir);
    return Status::Error("--data-dir: " + data_dir + " belongs to uid " +
                         std::to_string(info.st_uid) + ", not to this user");
  }
  bool ok = (info.st_mode & 077) == 0 || ::fchmod(dir, 0700) == 0;
  for (const char* name :
       {"localstack.db", "localstack.db-wal", "localstack.db-shm", "localstack.db-journal"}) {
    const int create = std::string(name) == "localstack.db" ? O_CREAT : 0;
    const int fd =
        ::openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | create, 0600);
    if (fd < 0 && (errno == ENOENT && create == 0)) continue;
    ok = ok && fd >= 0 && ::fchmod(fd, 0600) == 0;
    if (fd >= 0) ::close(fd);
    if (!ok) break;
  }
  ::close(dir);
  if (!ok) return error("cannot make " + data_dir + " this user's alone");
  auto opened = Store::Open(data_dir + "/localstack.db");
  if (!opened.ok()) return Status::Error("--data-dir: " + opened.status().message());
  return opened;
}

}  // namespace

// The instance's parts in the order they are made; destroyed in reverse, so
// the cgroup subtree goes after every pod has ended and the run directory last.
constexpr int kMaxRequestBytes = 4 << 20;

struct LocalServer::Parts {
  explicit Parts(LocalServerOptions o) : options(std::move(o)) {}
  // The guard refers to this instance's cgroups: never copied or moved.
  Parts(const Parts&) = delete;
  Parts& operator=(const Parts&) = delete;

  LocalServerOptions options;
  ExecutorConfig executor_config;
  ClusterConfig cluster_config;
  std::optional<RunDir> run_dir;
  std::string token_file;
  std::unique_ptr<JobLogs> job_logs;
  CgroupTree cgroups;
  // Removes the subtree on every path out, once nothing runs in it.
  struct CgroupGuard {
    const CgroupTree& tree;
    ~CgroupGuard() { tree.RemoveAll(); }
  } cgroup_guard{cgroups};
  std::unique_ptr<PodRunner> pod_runner;
  std::unique_ptr<Store> store;
  std::unique_ptr<QueueStore> queues;
  std::unique_ptr<RetryPolicies> retry_policies;
  std::unique_ptr<EventLog> events;
  std::unique_ptr<Cluster> cluster;
  std::shared_ptr<const Callers> callers;
  std::unique_ptr<Authorizer> authorizer;
  std::unique_ptr<SubmitService> submit;
  std::unique_ptr<QueueService> queue_service;
  std::unique_ptr<EventService> event_service;
  std::unique_ptr<JobsService> jobs_service;
  std::unique_ptr<NodeService> node_service;
  std::unique_ptr<BinocularsService> binoculars_service;
  std::unique_ptr<RetryPolicyService> retry_policy_service;
  std::unique_ptr<grpc::Server> server;

  // The process executor, or the synthetic one; refuses to run jobs as the
  // host's root unisolated.
  Status MakePodRunner() {
    if (options.executor == "synthetic") {
      // It runs no process: it needs neither cgroups nor isolation.
      pod_runner = std::make_unique<SyntheticPodRunner>();
      spdlog::warn("--executor synthetic: {}", pod_runner->unenforced());
      return Status();
    }
    cgroups = CgroupTree::Create(kCgroupPrefix, options.pids_limit);
    for (const auto& problem : cgroups.problems()) spdlog::debug("cgroups: {}", problem);
    if (const auto missing = cgroups.MissingLimits(); !missing.empty() && geteuid() == 0) {
      // As root, jobs run isolated and within the limits the README
      // promises, or not at all.
      std::string why;
      for (const auto& problem : cgroups.problems()) why += (why.empty() ? "" : "; ") + problem;
      return Status::Error("cannot enforce " + ListInWords(missing) +
                           ", refusing to run jobs without them: " + why +
                           " (--executor synthetic runs no process and needs no cgroup)");
    }
    std::string isolation_problem;
    const bool isolation = IsolationWorks(run_dir->path() + "/probe", &isolation_problem);
    if (!isolation && geteuid() == 0) {
      return Status::Error("cannot isolate jobs, refusing to run them as the host's root: " +
                           isolation_problem);
    }
    PodHostSettings pods;
    pods.subnet = cluster_config.settings.pod_subnet();
    pods.id_ranges = cluster_config.settings.pod_id_ranges();
    auto executor = std::make_unique<Executor>(run_dir->path(), cgroups, isolation, pods);
    executor->KeepLogsIn(job_logs.get());
    executor->AllowHostPaths(cluster_config.settings.allowed_host_paths());
    if (!executor->unenforced().empty()) {
      std::string details;
      for (const auto& problem : cgroups.problems()) details += "; " + problem;
      if (!isolation) details += "; isolation: " + isolation_problem;
      if (options.run_unenforced) {
        spdlog::warn("{}: jobs run without them{}", executor->unenforced(), details);
      } else {
        // Without root: a job that would run unconfined is refused instead.
        cluster_config.unenforced = {!cgroups.memory(), !cgroups.cpu(),
                                     !isolation || !cgroups.pids(),
                                     executor->unenforced() + details};
        spdlog::warn(
            "{}: jobs that need them are refused (run as root, or pass "
            "--run-unenforced to run them unconfined){}",
            executor->unenforced(), details);
      }
    }
    pod_runner = std::move(executor);
    return Status();
  }

  void MakeControlPlaneAndServices() {
    queues = std::make_unique<QueueStore>(store.get());
    retry_policies = std::make_unique<RetryPolicies>(store.get());
    events = std::make_unique<EventLog>(store.get());
    cluster = std::make_unique<Cluster>(cluster_config, executor_config.classifier, *pod_runner,
                                        *queues, *events, store.get());
    authorizer = std::make_unique<Authorizer>(callers, cluster_config.settings.auth(), *queues);
    submit = std::make_unique<SubmitService>(*cluster, *queues, *retry_policies, options.faults,
                                             *authorizer);
    queue_service = std::make_unique<QueueService>(*queues, *cluster, *retry_policies, *authorizer);
    // v0.20.40 has no retry policy service: unregistered, it is UNIMPLEMENTED.
    if (cluster_config.generation == ArmadaGeneration::kV0_22_7) {
      retry_policy_service =
          std::make_unique<RetryPolicyService>(*retry_policies, *queues, *authorizer);
    }
    event_service = std::make_unique<EventService>(*events, *queues, options.faults, *authorizer);
    jobs_service = std::make_unique<JobsService>(*cluster);
    node_service = std::make_unique<NodeService>(*cluster, *authorizer);
    binoculars_service = std::make_unique<BinocularsService>(
        *job_logs, [this](const std::string& id) { return cluster->NamespaceOf(id); },
        [this](const grpc::ServerContextBase& context, const std::string& node) {
          return CordonNode(*authorizer, *cluster, context, node);
        });
  }

  // Serves every service; returns the port.
  StatusOr<int> Serve(const std::shared_ptr<grpc::ServerCredentials>& credentials) {
    grpc::ServerBuilder builder;
    // gRPC's default, as Armada's server keeps it (internal/common/grpc/
    // grpc.go@v0.22.7 sets none): a larger request is refused before it is
    // read, and each pod spec in one is bounded by pod_bounds.h.
    builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
    int port = 0;
    builder.AddListeningPort(options.listen, credentials, &port);
    for (grpc::Service* s : std::initializer_list<grpc::Service*>{
             submit.get(), queue_service.get(), event_service.get(), jobs_service.get(),
             node_service.get(), binoculars_service.get()}) {
      builder.RegisterService(s);
    }
    if (retry_policy_service) builder.RegisterService(retry_policy_service.get());
    server = builder.BuildAndStart();
    if (!server || port == 0) return Status::Error("--listen: cannot listen on " + options.listen);
    return port;
  }
};

StatusOr<std::unique_ptr<LocalServer>> LocalServer::Start(LocalServerOptions options) {
  if (options.executor_config_path.empty()) return Status::Error("--executor-config is required");
  auto credentials = ListenCredentials(options);
  if (!credentials.ok()) return credentials.status();
  auto p = std::make_unique<Parts>(std::move(options));
  // Read once; the cluster's identity and the classifier both come from it.
  auto executor_config = LoadExecutorConfig(p->options.executor_config_path);
  if (!executor_config.ok()) return executor_config.status();
  p->executor_config = std::move(executor_config).value();
  auto cluster_config = LoadClusterConfig(p->options, p->executor_config);
  if (!cluster_config.ok()) return cluster_config.status();
  p->cluster_config = std::move(cluster_config).value();

  auto stale = RemoveStaleInstances(p->options.work);
  if (!stale.ok()) return stale.status();
  // What stays of a dead instance does not stop this one.
  for (const auto& problem : *stale) spdlog::warn("{}", problem);
  auto run_dir = RunDir::Create(p->options.work);
  if (!run_dir.ok()) return Status::Error("--work-dir: " + run_dir.status().message());
  p->run_dir.emplace(std::move(run_dir).value());
  p->token_file =
      p->options.token_file.empty() ? p->run_dir->path() + "/token" : p->options.token_file;
  auto token = LoadOrCreateToken(p->token_file);
  if (!token.ok()) return Status::Error("--token-file: " + token.status().message());
  auto callers =
      Callers::Make(std::move(token).value(), p->token_file, p->cluster_config.settings.auth());
  if (!callers.ok()) {
    return Status::Error(p->options.localstack_config_path + ": " + callers.status().message());
  }
  p->callers = std::move(callers).value();
  (*credentials)->SetAuthMetadataProcessor(std::make_shared<CallerAuthProcessor>(p->callers));

  // Jobs' container logs, kept after each job for the Binoculars service.
  p->job_logs = std::make_unique<JobLogs>(p->run_dir->path() + "/logs");
  if (Status made = p->MakePodRunner(); !made.ok()) return made;
  auto store = OpenStore(p->options.data_dir);
  if (!store.ok()) return store.status();
  p->store = std::move(store).value();
  p->MakeControlPlaneAndServices();
  auto port = p->Serve(*credentials);
  if (!port.ok()) return port.status();

  const std::string& listen = p->options.listen;
  std::unique_ptr<LocalServer> server(new LocalServer(std::move(p)));
  server->address_ = listen.substr(0, listen.rfind(':')) + ":" + std::to_string(*port);
  return server;
}

LocalServer::LocalServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

LocalServer::~LocalServer() { Stop(); }

void LocalServer::LogSummary() const {
  const Parts& p = *parts_;
  spdlog::info("serving cluster {} pool {}; work in {}; settings from {}",
               p.cluster_config.cluster_id, p.cluster_config.pool, p.run_dir->path(),
               p.options.localstack_config_path);
  for (const ClusterNode& node : p.cluster->nodes()) {
    std::string labels, taints;
    for (const auto& [key, value] : node.spec.labels()) {
      labels += (labels.empty() ? "" : ",") + key + "=" + value;
    }
    for (const auto& taint : node.spec.taints()) {
      taints +=
          (taints.empty() ? "" : ",") + taint.key() + "=" + taint.value() + ":" + taint.effect();
    }
    spdlog::info("node {}: {}m CPU, {} of memory, labels [{}], taints [{}]", node.name,
                 node.capacity.milli_cpu, HumanBytes(node.capacity.memory_bytes), labels, taints);
  }
  spdlog::info("callers need the bearer token in {} (armada-testsuite --token-file)", p.token_file);
  const config::Auth& auth = p.cluster_config.settings.auth();
  if (auth.anonymous_auth()) {
    spdlog::warn("{}: anonymousAuth: calls without credentials are the user anonymous",
                 p.options.localstack_config_path);
  }
  if (!auth.basic_auth().users().empty() || !auth.open_id_auth().provider_url().empty()) {
    spdlog::info("{}: also accepting{}{}", p.options.localstack_config_path,
                 auth.basic_auth().users().empty() ? "" : " basic auth",
                 auth.open_id_auth().provider_url().empty()
                     ? ""
                     : " tokens of " + auth.open_id_auth().provider_url());
  }
}

void LocalServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  parts_->cluster->Shutdown();
  spdlog::info("all jobs stopped");
  // The short deadline only cuts calls that would otherwise hold the exit up.
  parts_->event_service->Shutdown();
  parts_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(100));
  parts_->server->Wait();
}

StatusOr<std::vector<std::string>> RemoveStaleInstances(const std::string& work) {
  CgroupTree::RemoveStale(kCgroupPrefix);
  auto runs = RemoveStaleRuns(work);
  if (!runs.ok()) return Status::Error("--work-dir: " + runs.status().message());
  for (const auto& dir : runs->removed) spdlog::info("removed stale {}", dir);
  return std::move(runs->problems);
}

}  // namespace armada::localstack
