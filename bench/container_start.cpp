// bench_container_start N [plain|isolated]: starts `true` N times, one after
// the other, the way armada-localstack starts a container (PodProcess), and
// prints "N SECONDS": plain is a bare process start, isolated the whole
// isolated container (armada-localstack-init beside this binary) in a pod
// network of its own, taken and given back per start as the executor does
// per pod (pod_network.h). Measured
// in the same run as localstack_1k_jobs_s, they are what a job's start costs
// on this machine, without the server around it. REQUIRES: root for
// isolated.
#include <unistd.h>

#include <boost/process/search_path.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "localstack/kubelet/isolation.h"
#include "localstack/kubelet/pod_network.h"
#include "localstack/kubelet/pod_process.h"

namespace fs = std::filesystem;
using armada::localstack::ContainerLaunch;
using armada::localstack::IsolationPlan;
using armada::localstack::PodNetwork;
using armada::localstack::PodNetworks;
using armada::localstack::PodProcess;

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 0;
  const std::string mode = argc > 2 ? argv[2] : "";
  if (n <= 0 || (mode != "plain" && mode != "isolated")) {
    std::cerr << "usage: bench_container_start N plain|isolated\n";
    return 2;
  }
  char pattern[] = "/tmp/bench-container-start-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    std::cerr << "bench_container_start: mkdtemp: " << std::strerror(errno) << "\n";
    return 1;
  }
  const std::string dir = pattern;
  const std::string termination = dir + "/termination-log";
  std::ofstream(termination).flush();
  ContainerLaunch launch;
  launch.argv = {boost::process::search_path("true").string()};
  launch.working_dir = "/";
  launch.log_file = dir + "/log";
  if (mode == "isolated") {
    auto plan = IsolationPlan::ForContainer(armada::localstack::kJobIdBase, dir + "/c", "bench",
                                            termination, "/dev/termination-log", "", std::nullopt);
    if (!plan.ok()) {
      std::cerr << "bench_container_start: " << plan.status().message() << "\n";
      return 1;
    }
    launch.isolation = std::move(plan).value();
  }
  std::unique_ptr<PodNetworks> networks;
  if (mode == "isolated") {
    auto made = PodNetworks::Create(armada::localstack::kDefaultPodSubnet);
    if (!made.ok()) {
      std::cerr << "bench_container_start: " << made.status().message() << "\n";
      return 1;
    }
    networks = std::move(made).value();
  }
  int status = 0;
  const auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < n && status == 0; ++i) {
    PodNetwork network;
    if (networks) {
      auto taken = networks->Take();
      if (!taken.ok()) {
        std::cerr << "bench_container_start: " << taken.status().message() << "\n";
        status = 1;
        break;
      }
      network = std::move(taken).value();
      launch.isolation->netns_fd = network.netns_fd;
    }
    auto process = PodProcess::Start(launch);
    if (!process.ok()) {
      std::cerr << "bench_container_start: " << process.status().message() << "\n";
      status = 1;
    } else if (const int code = (*process)->Wait(); code != 0) {
      std::cerr << "bench_container_start: true exited with " << code << ": "
                << (*process)->start_error() << "\n";
      status = 1;
    }
    if (networks) networks->Release(network);
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - begin;
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (status == 0) std::cout << n << " " << took.count() << "\n";
  return status;
}
