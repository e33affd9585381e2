// armada-localstack: a single-node Armada serving the public gRPC API and
// running jobs as local processes. See cluster.h for the event sequence and
// executor.h for how pods run.
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "common/quantity.h"
#include "common/shipped_file.h"
#include "localstack/cgroup.h"
#include "localstack/cluster.h"
#include "localstack/event_log.h"
#include "localstack/executor.h"
#include "localstack/executor_config.h"
#include "localstack/isolation.h"
#include "localstack/localstack_config.h"
#include "localstack/queue_store.h"
#include "localstack/server.h"

namespace {

using namespace armada::localstack;
namespace fs = std::filesystem;

armada::StatusOr<int64_t> ParseAmount(const std::string& flag, const std::string& text,
                                      bool milli) {
  auto q = armada::Quantity::Parse(text);
  if (!q.ok() || q->Amount() <= 0) {
    return armada::Status::Error(flag + ": invalid quantity \"" + text + "\"");
  }
  return milli ? q->MilliValue() : q->Value();
}

int Run(int argc, char** argv) {
  CLI::App app{"armada-localstack: a single-node Armada that runs jobs as local processes"};
  std::string listen = "127.0.0.1:50051";
  std::string executor_config_path, localstack_config_path;
  std::string cpu, memory, state_dir;
  app.add_option("--listen", listen, "host:port to serve gRPC on (port 0: any free port)");
  app.add_option("--executor-config", executor_config_path,
                 "executor config YAML (application.errorCategories, clusterId, pool)")
      ->required();
  app.add_option("--localstack-config", localstack_config_path,
                 "armada-localstack's own settings: images, namespaces, node labels and taints "
                 "(default: localstack.yaml beside --executor-config, else the shipped "
                 "e2e-config/localstack.yaml)");
  app.add_option("--cpu", cpu, "CPU capacity, e.g. 4 or 1500m (default: online CPUs)");
  app.add_option("--memory", memory, "memory capacity, e.g. 8Gi (default: MemTotal)");
  app.add_option("--state-dir", state_dir,
                 "directory for job work dirs and logs (default: a fresh temp dir)");
  CLI11_PARSE(app, argc, argv);

  spdlog::set_default_logger(spdlog::stderr_color_mt("localstack"));

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
    const fs::path beside = fs::path(executor_config_path).parent_path() / "localstack.yaml";
    if (fs::exists(beside)) {
      localstack_config_path = beside.string();
    } else {
      auto shipped =
          armada::FindShippedFile("e2e-config/localstack.yaml", "pass --localstack-config");
      if (!shipped.ok()) {
        spdlog::error("{}", shipped.status().message());
        return 1;
      }
      localstack_config_path = *shipped;
    }
  }
  auto settings = LoadLocalstackConfig(localstack_config_path);
  if (!settings.ok()) {
    spdlog::error("{}", settings.status().message());
    return 1;
  }
  ClusterConfig config;
  config.cluster_id = executor_config->cluster_id;
  config.pool = executor_config->pool;
  config.node_name =
      settings->node().name().empty() ? config.cluster_id + "-node" : settings->node().name();
  config.settings = std::move(settings).value();
  config.capacity = MachineCapacity();
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

  // This run's files live in their own directory, removed on shutdown.
  std::string run_dir;
  if (state_dir.empty()) {
    char pattern[] = "/tmp/armada-localstack-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
      spdlog::error("cannot create a state directory in /tmp");
      return 1;
    }
    run_dir = pattern;
  } else {
    run_dir = state_dir + "/run-" + std::to_string(getpid());
    std::error_code ec;
    fs::create_directories(run_dir, ec);
    if (ec) {
      spdlog::error("--state-dir: cannot create {}: {}", run_dir, ec.message());
      return 1;
    }
  }

  const CgroupTree cgroups = CgroupTree::Create("armada-localstack");
  for (const auto& problem : cgroups.problems()) spdlog::debug("cgroups: {}", problem);
  std::string namespace_problem;
  const bool namespaces = MountNamespacesWork(run_dir + "/probe", &namespace_problem);
  const Executor executor(run_dir, cgroups, namespaces);
  if (!executor.unenforced().empty()) {
    std::string details;
    for (const auto& problem : cgroups.problems()) details += "; " + problem;
    if (!namespaces) details += "; mount namespaces: " + namespace_problem;
    spdlog::warn("{}: jobs run without them{}", executor.unenforced(), details);
  }

  QueueStore queues;
  EventLog events;
  Cluster cluster(config, executor_config->classifier, executor, queues, events);
  SubmitService submit(cluster, queues);
  QueueService queue_service(cluster, queues);
  EventService event_service(events);

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&submit);
  builder.RegisterService(&queue_service);
  builder.RegisterService(&event_service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    spdlog::error("--listen: cannot listen on {}", listen);
    cgroups.RemoveAll();
    fs::remove_all(run_dir);
    return 1;
  }
  const std::string host = listen.substr(0, listen.rfind(':'));
  std::cout << "listening on " << host << ":" << port << std::endl;
  spdlog::info(
      "serving cluster {} pool {} node {} with {}m CPU and {} bytes of memory; state in {}; "
      "settings from {}",
      config.cluster_id, config.pool, config.node_name, config.capacity.milli_cpu,
      config.capacity.memory_bytes, run_dir, localstack_config_path);

  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received signal {}, shutting down", received);
  cluster.Shutdown();
  spdlog::info("all jobs stopped");
  events.Close();
  // Watching streams end by themselves once the log is closed; the short
  // deadline only cuts calls that would otherwise hold the exit up.
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(100));
  server->Wait();
  cgroups.RemoveAll();
  std::error_code ec;
  fs::remove_all(run_dir, ec);
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
