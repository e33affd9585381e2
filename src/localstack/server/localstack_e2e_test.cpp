// End-to-end: starts the real armada-localstack binary, finds its port from
// the "listening on" line, and drives it through the generated gRPC clients.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/process/search_path.hpp>
#include <cmath>
#include <csignal>
#include <fstream>
#include <map>
#include <string>

#include "api/google_rpc.pb.h"
#include "api/localstack_protocol.h"
#include "localstack/kubelet/run_dir.h"
#include "localstack/testing/localstack_test_server.h"

namespace armada::localstack {
namespace {

using namespace testing;
namespace bp = boost::process;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(LocalStackE2E, OutOfMemoryIsCategorisedOom) {
  if (const std::string missing = MissingIsolation(); !missing.empty()) {
    GTEST_SKIP() << "needs root and memory cgroups: " << missing;
  }
  LocalStack stack;
  const std::string id = stack.MustSubmit(
      Job({"sh", "-c", "dd if=/dev/zero of=/dev/shm/fill bs=1M count=256"}, "25Mi"));
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const api::JobFailedEvent& failed = events.back().message().failed();
  EXPECT_THAT(failed.categories(), ElementsAre("oom"));
  // executor_config.yaml is the seeds' generation: categories only.
  EXPECT_EQ(failed.failure_category(), "");
  EXPECT_EQ(failed.cause(), api::OOM);
  EXPECT_THAT(failed.reason(), HasSubstr("OOMKilled"));
  EXPECT_FALSE(failed.retryable());
  ASSERT_EQ(failed.container_statuses_size(), 1);
  EXPECT_EQ(failed.container_statuses(0).exitcode(), 137);
  EXPECT_EQ(failed.container_statuses(0).reason(), "OOMKilled");
}

TEST(LocalStackE2E, AServiceIsRefusedWithNeedsKubernetesOverTheWire) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  api::JobSubmitRequestItem item = Job({"true"});
  item.add_services()->add_ports(1000);
  const grpc::Status status = stack.Submit("q", "s", item, nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // The reason travels in gRPC's grpc-status-details-bin trailer.
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details())) << status.error_message();
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), kNeedsKubernetesReason);
  EXPECT_EQ(info.metadata().at("field"), "job_request_items[0].services");
}

TEST(LocalStackE2E, AnUnknownImageFailsAsAnImagePull) {
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({});
  item.mutable_pod_specs(0)->mutable_containers(0)->set_image("some-non-existing-image:1.2.3");
  item.mutable_pod_specs(0)->mutable_containers(0)->add_args("ls");
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  EXPECT_THAT(events.back().message().failed().reason(), HasSubstr("ErrImagePull"));
}

TEST(LocalStackE2E, ExitOneIsAUserError) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"sh", "-c", "exit 1"}));
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const api::JobFailedEvent& failed = events.back().message().failed();
  EXPECT_THAT(failed.categories(), ElementsAre("user_error"));
  // executor_config.yaml is the seeds' generation: categories only.
  EXPECT_EQ(failed.failure_category(), "");
  EXPECT_EQ(failed.cause(), api::Error);
  // A host without cgroups or namespaces appends which limits were missing.
  EXPECT_THAT(failed.reason(),
              ::testing::StartsWith("Container main failed with exit code 1 because Error"));
  EXPECT_EQ(failed.container_statuses(0).exitcode(), 1);
}

TEST(LocalStackE2E, SuccessHasTheFullEventOrder) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"ls"}));
  const Events events = stack.UntilTerminal(id);
  EXPECT_THAT(Kinds(events),
              ElementsAre("submitted", "queued", "leased", "pending", "running", "succeeded"));
  for (const auto& e : events) EXPECT_EQ(JobIdOf(e), id);
  EXPECT_EQ(events[0].message().submitted().job().id(), id);
  EXPECT_EQ(events[0].message().submitted().queue(), "q");
  EXPECT_TRUE(events[0].message().submitted().has_created());
  EXPECT_EQ(events[2].message().leased().cluster_id(), "local-cluster");
  EXPECT_EQ(events[2].message().leased().pool(), "default");
  const auto& running = events[4].message().running();
  EXPECT_EQ(running.pod_name(), "armada-" + id + "-0");
  EXPECT_EQ(running.pod_namespace(), "default");
  EXPECT_FALSE(running.node_name().empty());
  EXPECT_EQ(id.size(), 26u);
}

TEST(LocalStackE2E, TerminationMessageAndDownwardApi) {
  if (const std::string missing = MissingIsolation(); !missing.empty()) {
    GTEST_SKIP() << "needs root for a private /dev: " << missing;
  }
  LocalStack stack;
  api::JobSubmitRequestItem item =
      Job({"sh", "-c", "printf '%s' \"$POD/$NS\" > /dev/termination-log; exit 2"});
  auto* c = item.mutable_pod_specs(0)->mutable_containers(0);
  auto* pod = c->add_env();
  pod->set_name("POD");
  pod->mutable_valuefrom()->mutable_fieldref()->set_fieldpath("metadata.name");
  auto* ns = c->add_env();
  ns->set_name("NS");
  ns->mutable_valuefrom()->mutable_fieldref()->set_fieldpath("metadata.namespace");
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const auto& failed = events.back().message().failed();
  EXPECT_EQ(failed.container_statuses(0).message(), "armada-" + id + "-0/default");
  EXPECT_THAT(failed.reason(), HasSubstr(": armada-" + id + "-0/default"));
  EXPECT_FALSE(fs::exists("/dev/termination-log"));
}

TEST(LocalStackE2E, TheCommandRunsAsTheSecurityContextsIdsAndCanWriteItsMessage) {
  if (const std::string missing = MissingIsolation(); !missing.empty()) {
    GTEST_SKIP() << "needs root for a user namespace: " << missing;
  }
  LocalStack stack;
  // Exit 3 says the ids were wrong; the message shows what they were.
  api::JobSubmitRequestItem item = Job(
      {"sh", "-c",
       "ids=\"$(id -u) $(id -g) $(id -G)\"; printf '%s' \"$ids\" > /dev/termination-log; "
       "[ \"$ids\" = '1001 2000 2000 3000 4000' ] || exit 3; touch /etc/x 2>/dev/null && exit 4; "
       "exit 2"});
  auto* pod = item.mutable_pod_specs(0)->mutable_securitycontext();
  pod->set_runasuser(1000);
  pod->set_runasgroup(2000);
  pod->add_supplementalgroups(3000);
  pod->set_fsgroup(4000);
  item.mutable_pod_specs(0)->mutable_containers(0)->mutable_securitycontext()->set_runasuser(1001);
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const auto& failed = events.back().message().failed();
  EXPECT_EQ(failed.container_statuses(0).message(), "1001 2000 2000 3000 4000");
  EXPECT_EQ(failed.container_statuses(0).exitcode(), 2);
}

TEST(LocalStackE2E, AReadOnlyRootFilesystemLeavesOnlyDevAndTheMessageWritable) {
  if (const std::string missing = MissingIsolation(); !missing.empty()) {
    GTEST_SKIP() << "needs root for a private root: " << missing;
  }
  LocalStack stack;
  // Each write that must fail and does not exits with its own code.
  const std::string script =
      "touch /x 2>/dev/null && exit 3; touch /tmp/x 2>/dev/null && exit 4; "
      "touch /root/x 2>/dev/null && exit 5; mount -o remount,rw / 2>/dev/null && exit 6; "
      "echo ok > /dev/shm/x && printf ro > /dev/termination-log && exit 2";
  api::JobSubmitRequestItem read_only = Job({"sh", "-c", script});
  read_only.mutable_pod_specs(0)
      ->mutable_containers(0)
      ->mutable_securitycontext()
      ->set_readonlyrootfilesystem(true);
  const Events events = stack.UntilTerminal(stack.MustSubmit(read_only));
  ASSERT_EQ(Kind(events.back()), "failed");
  EXPECT_EQ(events.back().message().failed().container_statuses(0).exitcode(), 2);
  EXPECT_EQ(events.back().message().failed().container_statuses(0).message(), "ro");

  // Without it, the first write succeeds.
  const Events writable = stack.UntilTerminal(stack.MustSubmit(Job({"sh", "-c", script})));
  EXPECT_EQ(writable.back().message().failed().container_statuses(0).exitcode(), 3);
}

TEST(LocalStackE2E, TheCommandHasARuntimesCapabilitiesAndWhatItsSecurityContextAdds) {
  if (const std::string missing = MissingIsolation(); !missing.empty()) {
    GTEST_SKIP() << "needs root for a user namespace: " << missing;
  }
  LocalStack stack;
  // Its CapEff as the message; exit 3 when it could give a file away (CAP_CHOWN).
  const std::string script =
      "grep CapEff /proc/self/status | tr -d '\\t\\n' > /dev/termination-log; "
      "touch /tmp/f && chown 5 /tmp/f 2>/dev/null && exit 3; exit 2";
  const Events plain = stack.UntilTerminal(stack.MustSubmit(Job({"sh", "-c", script})));
  ASSERT_EQ(Kind(plain.back()), "failed");
  EXPECT_EQ(plain.back().message().failed().container_statuses(0).exitcode(), 3);
  EXPECT_EQ(plain.back().message().failed().container_statuses(0).message(),
            "CapEff:00000000a80425fb");

  api::JobSubmitRequestItem admin = Job({"sh", "-c", script});
  auto* caps = admin.mutable_pod_specs(0)
                   ->mutable_containers(0)
                   ->mutable_securitycontext()
                   ->mutable_capabilities();
  caps->add_drop("ALL");
  caps->add_add("SYS_ADMIN");
  const Events added = stack.UntilTerminal(stack.MustSubmit(admin));
  EXPECT_EQ(added.back().message().failed().container_statuses(0).message(),
            "CapEff:0000000000200000");
  EXPECT_EQ(added.back().message().failed().container_statuses(0).exitcode(), 2);
}

TEST(LocalStackE2E, AnIdTheUserNamespaceCannotMapNeedsKubernetes) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  api::JobSubmitRequestItem item = Job({"true"});
  item.mutable_pod_specs(0)->mutable_securitycontext()->set_runasuser(70000);
  const grpc::Status refused = stack.Submit("q", "s", item, nullptr);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(refused.error_details())) << refused.error_message();
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), kNeedsKubernetesReason);
  EXPECT_EQ(info.metadata().at("field"),
            "job_request_items[0].pod_specs[0].securityContext.runAsUser");
}

// A free loopback port, as far as one can tell before using it.
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

// What `GET /` to address:port answers, retried until `deadline` ("" if
// nothing).
std::string HttpGet(const std::string& ip, int port,
                    std::chrono::steady_clock::time_point deadline) {
  while (std::chrono::steady_clock::now() < deadline) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    ::inet_pton(AF_INET, ip.c_str(), &address.sin_addr);
    address.sin_port = htons(static_cast<uint16_t>(port));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
      const std::string request = "GET / HTTP/1.1\r\nHost: ingress.test\r\n\r\n";
      (void)!::write(fd, request.data(), request.size());
      std::string answer;
      char chunk[512];
      for (ssize_t n; (n = ::read(fd, chunk, sizeof(chunk))) > 0;) answer.append(chunk, n);
      ::close(fd);
      if (!answer.empty()) return answer;
    } else {
      ::close(fd);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "";
}

TEST(LocalStackE2E, BusyboxNcAnswersAnIngressGet) {
  if (const std::string missing = MissingIsolation(); !missing.empty()) {
    GTEST_SKIP() << "needs root for a private root: " << missing;
  }
  if (!fs::exists("/bin/busybox")) GTEST_SKIP() << "needs Debian's busybox package";
  LocalStack stack;
  const int port = FreePort();
  // As Armada's basic/ingress.yaml runs it: alpine's (busybox's) nc, whose -e
  // the host's netcat would not take.
  api::JobSubmitRequestItem item =
      Job({"nc", "-l", "-p", std::to_string(port), "-e", "echo",
           "HTTP/1.1 200 OK\nContent-Length: 12\nConnection: close\n\nHello world!"});
  auto* c = item.mutable_pod_specs(0)->mutable_containers(0);
  auto* container_port = c->add_ports();
  container_port->set_containerport(port);
  container_port->set_protocol("TCP");
  item.add_ingress()->add_ports(static_cast<uint32_t>(port));
  const std::string id = stack.MustSubmit(item);
  const Events before = stack.UntilKind(id, "ingressInfo");
  ASSERT_GE(before.size(), 2u);
  EXPECT_EQ(Kind(before[before.size() - 2]), "running");
  const auto& info = before.back().message().ingress_info();
  EXPECT_EQ(info.ingress_addresses().size(), 1);
  // The pod's own address, in the default pod subnet (pod_network.h).
  const std::string address = info.ingress_addresses().at(port);
  EXPECT_THAT(address, StartsWith("10.199."));
  EXPECT_EQ(info.pod_name(), "armada-" + id + "-0");
  EXPECT_FALSE(info.node_name().empty());
  EXPECT_THAT(HttpGet(address, port, std::chrono::steady_clock::now() + std::chrono::seconds(20)),
              HasSubstr("Hello world!"));
  EXPECT_EQ(Kind(stack.UntilTerminal(id).back()), "succeeded");
}

TEST(LocalStackE2E, BusyboxAppletsComeFirstOnlyForBusyboxImages) {
  if (const std::string missing = MissingIsolation(); !missing.empty()) {
    GTEST_SKIP() << "needs root for a private root: " << missing;
  }
  if (!fs::exists("/bin/busybox")) GTEST_SKIP() << "needs Debian's busybox package";
  LocalStack stack;
  // `which`, not `command -v`: busybox-static's own sh answers the latter with
  // the bare applet name.
  const std::string script =
      "case $(which wget) in /opt/armada-localstack/busybox/*) echo busybox;; "
      "*) echo host;; esac; exit 3";
  for (const auto& [image, expected] : std::vector<std::pair<std::string, std::string>>{
           {"alpine:3", "busybox\n"}, {"busybox:1.36", "busybox\n"}, {"debian:12", "host\n"}}) {
    api::JobSubmitRequestItem item = Job({"sh", "-c", script});
    auto* c = item.mutable_pod_specs(0)->mutable_containers(0);
    c->set_image(image);
    c->set_terminationmessagepolicy("FallbackToLogsOnError");
    const std::string id = stack.MustSubmit(item, image.substr(0, image.find(':')));
    const Events events = stack.UntilTerminal(id, image.substr(0, image.find(':')));
    ASSERT_EQ(Kind(events.back()), "failed") << image;
    EXPECT_EQ(events.back().message().failed().container_statuses(0).message(), expected) << image;
  }
}

TEST(LocalStackE2E, FallbackToLogsOnErrorUsesTheLogTail) {
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({"sh", "-c", "echo first; echo oops-from-log >&2; exit 3"});
  item.mutable_pod_specs(0)->mutable_containers(0)->set_terminationmessagepolicy(
      "FallbackToLogsOnError");
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const auto& status = events.back().message().failed().container_statuses(0);
  EXPECT_EQ(status.exitcode(), 3);
  EXPECT_EQ(status.message(), "first\noops-from-log\n");
  EXPECT_TRUE(events.back().message().failed().categories().empty());
}

TEST(LocalStackE2E, FallbackToLogsOnErrorKeepsTheLast80Lines) {
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({"sh", "-c", "seq 100; exit 1"});
  item.mutable_pod_specs(0)->mutable_containers(0)->set_terminationmessagepolicy(
      "FallbackToLogsOnError");
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  std::string expected;
  for (int line = 21; line <= 100; ++line) expected += std::to_string(line) + "\n";
  EXPECT_EQ(events.back().message().failed().container_statuses(0).message(), expected);
}

TEST(LocalStackE2E, InitContainersRunFirstAndTheirFailureStopsThePod) {
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({"sh", "-c", "exit 0"});
  auto* init = item.mutable_pod_specs(0)->add_initcontainers();
  *init->mutable_resources() = item.pod_specs(0).containers(0).resources();
  init->set_name("setup");
  // Args alone run after the image's (empty) entrypoint.
  init->set_image("alpine:3");
  init->add_args("false");
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const auto& failed = events.back().message().failed();
  ASSERT_EQ(failed.container_statuses_size(), 1);
  EXPECT_EQ(failed.container_statuses(0).name(), "setup");
  EXPECT_THAT(failed.categories(), ElementsAre("user_error"));
  EXPECT_THAT(Kinds(events), ::testing::Not(::testing::Contains("running")));
}

TEST(LocalStackE2E, DeadlineExceededKillsThePod) {
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({"sleep", "600"});
  item.mutable_pod_specs(0)->set_activedeadlineseconds(1);
  item.mutable_pod_specs(0)->set_terminationgraceperiodseconds(0);
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const auto& failed = events.back().message().failed();
  EXPECT_EQ(failed.cause(), api::DeadlineExceeded);
  EXPECT_THAT(failed.reason(), HasSubstr("deadline"));
}

TEST(LocalStackE2E, CancelStopsTheProcess) {
  LocalStack stack;
  const std::string marker = Marker();
  const std::string id = stack.MustSubmit(Job({"sh", "-c", "sleep 600; echo done", marker}));
  stack.UntilKind(id, "running");
  const pid_t pgid = GroupOf(marker);
  ASSERT_GT(pgid, 0) << "the job's process never showed up";
  api::JobCancelRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  request.set_job_id(id);
  request.set_reason("test over");
  api::CancellationResult result;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stack.submit().CancelJobs(&ctx, request, &result).ok());
  EXPECT_THAT(result.cancelled_ids(), ElementsAre(id));
  const Events events = stack.UntilTerminal(id);
  EXPECT_THAT(Kinds(events), ElementsAre("submitted", "queued", "leased", "pending", "running",
                                         "cancelling", "cancelled"));
  // Armada's cancel events carry no reason, "test over" included (job_events.h).
  EXPECT_EQ(events[5].message().cancelling().reason(), "");
  // The submit server names the caller (the server's token is anonymous);
  // the scheduler's `cancelled` names nobody (cluster.h, Requestor).
  EXPECT_EQ(events[5].message().cancelling().requestor(), "anonymous");
  EXPECT_EQ(events[6].message().cancelled().requestor(), "");
  EXPECT_TRUE(EventuallyGone(pgid));
  EXPECT_TRUE(PidsWithArg(marker).empty());

  // Cancelling a finished job changes nothing but logs its `cancelling`;
  // Armada answers with its id all the same (eventSequenceForJobIds,
  // internal/server/submit/submit.go@v0.22.7).
  grpc::ClientContext again;
  api::CancellationResult none;
  ASSERT_TRUE(stack.submit().CancelJobs(&again, request, &none).ok());
  EXPECT_THAT(none.cancelled_ids(), ElementsAre(id));
  const Events after = stack.Read("s");
  ASSERT_EQ(after.size(), 8u);
  EXPECT_EQ(Kind(after.back()), "cancelling");
}

// The CPU limit holds for the command, and only from when it runs: an
// isolated container's setup is not throttled by it (bench/, issue 14).
TEST(LocalStackE2E, TheCpuLimitIsInForceWhileTheCommandRuns) {
  if (const std::string missing = MissingIsolation(); !missing.empty()) GTEST_SKIP() << missing;
  LocalStack stack;
  const std::string marker = Marker();
  // "; true" keeps the shell (and so the marker) alive: a lone command is exec'd.
  api::JobSubmitRequestItem item = Job({"sh", "-c", "sleep 600; true", marker});
  auto* limits = item.mutable_pod_specs(0)->mutable_containers(0)->mutable_resources();
  (*limits->mutable_limits())["cpu"].set_string("250m");
  (*limits->mutable_requests())["cpu"].set_string("250m");
  const std::string id = stack.MustSubmit(item);
  stack.UntilKind(id, "running");
  std::vector<pid_t> pids;
  for (int i = 0; i < 500 && pids.empty(); ++i) {
    // The command itself, not armada-localstack-init (whose arguments hold
    // the marker too, and which runs before the quota is set).
    pids = PidsWithArg(marker);
    pids.erase(std::remove_if(pids.begin(), pids.end(),
                              [](pid_t pid) {
                                std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
                                std::string argv0;
                                std::getline(in, argv0, '\0');
                                return argv0.find("armada-localstack-init") != std::string::npos;
                              }),
               pids.end());
    if (pids.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(pids.empty()) << "the job's process never showed up";
  // The command's cpu cgroup, as the host sees it.
  std::ifstream in("/proc/" + std::to_string(pids.front()) + "/cgroup");
  std::string line, quota_file;
  while (std::getline(in, line)) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    const std::string controllers = line.substr(first + 1, second - first - 1);
    if (controllers == "cpu" || controllers.rfind("cpu,", 0) == 0) {
      quota_file = "/sys/fs/cgroup/" + controllers + line.substr(second + 1) + "/cpu.cfs_quota_us";
    }
  }
  if (quota_file.empty()) GTEST_SKIP() << "no cgroup v1 cpu controller";
  // The init sets the quota before it starts the command.
  std::ifstream quota(quota_file);
  int64_t us = 0;
  ASSERT_TRUE(quota >> us) << quota_file;
  EXPECT_EQ(us, 25000) << quota_file;  // 250m of a 100 ms period
}

TEST(LocalStackE2E, ResumeFromAMessageIdReturnsOnlyLaterEvents) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"true"}));
  stack.UntilTerminal(id);
  const Events all = stack.Read("s");
  ASSERT_EQ(all.size(), 6u);
  const Events later = stack.Read("s", all[2].id());
  ASSERT_EQ(later.size(), 3u);
  for (size_t i = 0; i < later.size(); ++i) {
    EXPECT_EQ(later[i].id(), all[i + 3].id());
    EXPECT_EQ(Kind(later[i]), Kind(all[i + 3]));
  }
  EXPECT_TRUE(stack.Read("s", all.back().id()).empty());
  grpc::Status status;
  stack.Read("s", "999", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("from_message_id"));
}

TEST(LocalStackE2E, WatchStreamsEventsThatArriveLater) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  api::JobSetRequest request;
  request.set_queue("q");
  request.set_id("later");
  request.set_watch(true);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + kJobTimeout);
  auto reader = stack.events().GetJobSetEvents(&ctx, request);
  std::string id;
  std::thread submitter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ASSERT_TRUE(stack.Submit("q", "later", Job({"true"}), &id).ok());
  });
  std::vector<std::string> kinds;
  api::EventStreamMessage m;
  while (reader->Read(&m)) {
    kinds.push_back(Kind(m));
    if (IsTerminal(kinds.back())) break;
  }
  ctx.TryCancel();
  reader->Finish();
  submitter.join();
  EXPECT_THAT(kinds,
              ElementsAre("submitted", "queued", "leased", "pending", "running", "succeeded"));
}

TEST(LocalStackE2E, ErrorIfMissingOnAnUnknownJobSet) {
  LocalStack stack;
  api::JobSetRequest request;
  request.set_queue("q");
  request.set_id("nothing-here");
  request.set_errorifmissing(true);
  grpc::ClientContext ctx;
  auto reader = stack.events().GetJobSetEvents(&ctx, request);
  api::EventStreamMessage m;
  EXPECT_FALSE(reader->Read(&m));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(LocalStackE2E, PreemptProducesPreemptingPreemptedFailed) {
  LocalStack stack;
  const std::string id = stack.MustSubmit(Job({"sleep", "600"}));
  stack.UntilKind(id, "running");
  api::JobPreemptRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  request.add_job_ids(id);
  request.set_reason("make room");
  api::PreemptionResult result;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stack.submit().PreemptJobs(&ctx, request, &result).ok());
  const Events events = stack.UntilTerminal(id);
  EXPECT_THAT(Kinds(events), ElementsAre("submitted", "queued", "leased", "pending", "running",
                                         "preempting", "preempted", "failed"));
  EXPECT_EQ(events[6].message().preempted().reason(), "make room");
  EXPECT_THAT(events[7].message().failed().reason(), HasSubstr("preempted"));
}

TEST(LocalStackE2E, BeyondCapacityStaysQueuedAndReprioritizes) {
  LocalStack stack({"--cpu", "1"});
  const std::string big = stack.MustSubmit(WithCpu(Job({"sleep", "600"}), "1"));
  stack.UntilKind(big, "running");
  const std::string waiting = stack.MustSubmit(WithCpu(Job({"true"}), "500m"));

  api::JobReprioritizeRequest reprioritize;
  reprioritize.set_queue("q");
  reprioritize.set_job_set_id("s");
  reprioritize.add_job_ids(waiting);
  reprioritize.set_new_priority(0);
  api::JobReprioritizeResponse reprioritized;
  grpc::ClientContext rctx;
  ASSERT_TRUE(stack.submit().ReprioritizeJobs(&rctx, reprioritize, &reprioritized).ok());
  EXPECT_EQ(reprioritized.reprioritization_results().at(waiting), "");

  // Long enough for a scheduler that ignored capacity to have leased it.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::vector<std::string> kinds;
  for (const auto& e : stack.Read("s")) {
    if (JobIdOf(e) == waiting) kinds.push_back(Kind(e));
  }
  EXPECT_THAT(kinds, ElementsAre("submitted", "queued", "reprioritizing", "reprioritized"));

  api::JobCancelRequest cancel;
  cancel.set_queue("q");
  cancel.set_job_set_id("s");
  cancel.set_job_id(big);
  api::CancellationResult cancelled;
  grpc::ClientContext cctx;
  ASSERT_TRUE(stack.submit().CancelJobs(&cctx, cancel, &cancelled).ok());
  const Events events = stack.UntilTerminal(waiting);
  EXPECT_THAT(Kinds(events), ElementsAre("submitted", "queued", "reprioritizing", "reprioritized",
                                         "leased", "pending", "running", "succeeded"));
  EXPECT_EQ(events[3].message().reprioritized().new_priority(), 0);
}

TEST(LocalStackE2E, CancelJobSetCancelsQueuedJobs) {
  LocalStack stack({"--cpu", "1"});
  const std::string running = stack.MustSubmit(WithCpu(Job({"sleep", "600"}), "1"));
  const std::string queued = stack.MustSubmit(WithCpu(Job({"sleep", "600"}), "1"));
  stack.UntilKind(running, "running");
  api::JobSetCancelRequest request;
  request.set_queue("q");
  request.set_job_set_id("s");
  request.mutable_filter()->add_states(api::QUEUED);
  google::protobuf::Empty empty;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stack.submit().CancelJobSet(&ctx, request, &empty).ok());
  EXPECT_THAT(Kinds(stack.UntilTerminal(queued)),
              ElementsAre("submitted", "queued", "cancelling", "cancelled"));
  std::vector<std::string> kinds;
  for (const auto& e : stack.Read("s")) {
    if (JobIdOf(e) == running) kinds.push_back(Kind(e));
  }
  EXPECT_EQ(kinds.back(), "running");
}

TEST(LocalStackE2E, ValidationErrors) {
  LocalStack stack;
  EXPECT_EQ(stack.Submit("missing", "s", Job({"true"}), nullptr).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  EXPECT_EQ(stack.CreateQueue("q").error_code(), grpc::StatusCode::ALREADY_EXISTS);

  const grpc::Status bad = stack.Submit("q", "s", Job({"true"}, "25MB"), nullptr);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad.error_message(),
            "job_request_items[0].pod_specs[0].containers[0].resources.limits[memory]: invalid "
            "quantity \"25MB\"");

  api::JobSubmitRequestItem empty;
  empty.set_namespace_("default");
  empty.add_pod_specs();
  const grpc::Status no_containers = stack.Submit("q", "s", empty, nullptr);
  EXPECT_EQ(no_containers.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_containers.error_message(), HasSubstr("job_request_items[0].pod_specs[0]"));

  const grpc::Status no_job_set = stack.Submit("q", "", Job({"true"}), nullptr);
  EXPECT_EQ(no_job_set.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_job_set.error_message(), HasSubstr("job_set_id"));
}

TEST(LocalStackE2E, InvalidUtf8FromAJobLosesNoEventOfAnyJob) {
  LocalStack stack;
  const std::string replacement = "\xEF\xBF\xBD";
  // Its log tail becomes its termination message.
  api::JobSubmitRequestItem logs = Job({"sh", "-c", "printf 'log \\377\\300 end\\n'; exit 1"});
  logs.mutable_pod_specs(0)->mutable_containers(0)->set_terminationmessagepolicy(
      "FallbackToLogsOnError");
  std::vector<std::string> ids = {stack.MustSubmit(logs, "u"),
                                  stack.MustSubmit(Job({"true"}), "u")};
  const bool isolated = MissingIsolation().empty();
  if (isolated) {
    ids.push_back(stack.MustSubmit(
        Job({"sh", "-c", "printf 'msg \\377' > /dev/termination-log; exit 2"}), "u"));
  }
  for (const auto& id : ids) stack.UntilTerminal(id, "u");

  grpc::Status status;
  const Events events = stack.Read("u", "", &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::map<std::string, std::vector<std::string>> kinds;
  for (const auto& e : events) kinds[JobIdOf(e)].push_back(Kind(e));
  EXPECT_THAT(kinds[ids[0]],
              ElementsAre("submitted", "queued", "leased", "pending", "running", "failed"));
  EXPECT_THAT(kinds[ids[1]],
              ElementsAre("submitted", "queued", "leased", "pending", "running", "succeeded"));
  for (const auto& e : events) {
    if (Kind(e) != "failed") continue;
    const auto& failed = e.message().failed();
    if (failed.job_id() == ids[0]) {
      EXPECT_EQ(failed.container_statuses(0).message(),
                "log " + replacement + replacement + " end\n");
    } else {
      EXPECT_EQ(failed.container_statuses(0).message(), "msg " + replacement);
      EXPECT_THAT(failed.reason(), HasSubstr(": msg " + replacement));
    }
  }
  if (isolated) {
    EXPECT_EQ(kinds[ids[2]].back(), "failed");
  }
}

TEST(LocalStackE2E, AHugeNameGetsAShortRefusalAndTheChannelStaysUsable) {
  LocalStack stack;
  const std::string huge(1 << 20, 'q');
  const grpc::Status refused = stack.CreateQueue(huge);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(refused.error_message(), "name: 1048576 bytes, longer than the 1024 allowed");

  api::JobSetRequest request;
  request.set_queue("q");
  request.set_id("s");
  request.set_from_message_id(huge);
  grpc::ClientContext ctx;
  auto reader = stack.events().GetJobSetEvents(&ctx, request);
  api::EventStreamMessage m;
  while (reader->Read(&m)) {
  }
  const grpc::Status from = reader->Finish();
  EXPECT_EQ(from.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(from.error_message(), HasSubstr("from_message_id: 1048576 bytes"));

  api::Queue nan;
  nan.set_name("nan");
  nan.set_priority_factor(std::nan(""));
  google::protobuf::Empty empty;
  grpc::ClientContext nan_ctx;
  const grpc::Status nan_status = stack.queues().CreateQueue(&nan_ctx, nan, &empty);
  EXPECT_EQ(nan_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(nan_status.error_message(), HasSubstr("priority_factor"));

  // The same channel still works (MustSubmit creates queue "q" first).
  const std::string id = stack.MustSubmit(Job({"true"}));
  EXPECT_EQ(Kind(stack.UntilTerminal(id).back()), "succeeded");
}

TEST(LocalStackE2E, QueuesOnBothServices) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("a").ok());
  api::Queue b;
  b.set_name("b");
  b.set_priority_factor(2);
  google::protobuf::Empty empty;
  grpc::ClientContext create;
  ASSERT_TRUE(stack.queues().CreateQueue(&create, b, &empty).ok());

  grpc::ClientContext list;
  auto reader = stack.queues().GetQueues(&list, api::StreamingQueueGetRequest());
  std::vector<std::string> names;
  bool ended = false;
  api::StreamingQueueMessage m;
  while (reader->Read(&m)) {
    if (m.has_queue()) names.push_back(m.queue().name());
    if (m.has_end()) ended = true;
  }
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_THAT(names, ElementsAre("a", "b"));
  EXPECT_TRUE(ended);

  b.set_priority_factor(3);
  grpc::ClientContext update;
  ASSERT_TRUE(stack.submit().UpdateQueue(&update, b, &empty).ok());
  grpc::ClientContext get;
  api::QueueGetRequest get_request;
  get_request.set_name("b");
  api::Queue got;
  ASSERT_TRUE(stack.submit().GetQueue(&get, get_request, &got).ok());
  EXPECT_EQ(got.priority_factor(), 3);

  grpc::ClientContext remove;
  api::QueueDeleteRequest delete_request;
  delete_request.set_name("b");
  ASSERT_TRUE(stack.queues().DeleteQueue(&remove, delete_request, &empty).ok());
  grpc::ClientContext missing;
  EXPECT_EQ(stack.queues().GetQueue(&missing, get_request, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);

  for (auto* health : {+[](LocalStack&s, grpc::ClientContext*c, api::HealthCheckResponse*r) {
                         return s.submit().Health(c, google::protobuf::Empty(), r);
                       },
                       +[](LocalStack&s, grpc::ClientContext*c, api::HealthCheckResponse*r) {
                         return s.events().Health(c, google::protobuf::Empty(), r);
                       }}) {
    grpc::ClientContext ctx;
    api::HealthCheckResponse response;
    ASSERT_TRUE(health(stack, &ctx, &response).ok());
    EXPECT_EQ(response.status(), api::HealthCheckResponse::SERVING);
  }
}

TEST(LocalStackE2E, ShutdownLeavesNothingBehind) {
  LocalStack stack;
  const std::string marker = Marker();
  const std::string id = stack.MustSubmit(Job({"sh", "-c", "sleep 600; echo done", marker}));
  stack.UntilKind(id, "running");
  const pid_t pgid = GroupOf(marker);
  ASSERT_GT(pgid, 0);
  const std::string subtree = "armada-localstack-" + std::to_string(stack.pid());
  const std::string memory_dir = OwnMemoryCgroupDir();
  const std::string run_dir = stack.work_dir() + "/run-" + std::to_string(stack.pid());
  const bool cgroups = MissingIsolation().empty();
  if (cgroups) {
    EXPECT_TRUE(fs::exists(memory_dir + "/" + subtree)) << memory_dir;
  }
  EXPECT_TRUE(fs::exists(run_dir + "/jobs/" + id));
  // An isolated container's layer mount point is on the run's own tmpfs.
  if (cgroups) {
    EXPECT_TRUE(fs::exists(run_dir + "/" + kMountPointsName + "/" + id + "/main"));
  }

  EXPECT_EQ(stack.Terminate(), 0);
  EXPECT_TRUE(EventuallyGone(pgid));
  EXPECT_TRUE(PidsWithArg(marker).empty());
  if (cgroups) {
    EXPECT_FALSE(fs::exists(memory_dir + "/" + subtree));
  }
  EXPECT_FALSE(fs::exists(run_dir));
  EXPECT_THAT(MountsMentioning(run_dir), ::testing::IsEmpty());
}

// The launcher that runs armada-localstack in a mount namespace where this
// cgroup v1 host's memory hierarchy is not mounted: to it the machine has no
// memory controller, while the machine's own mounts stay as they are. ""
// when that cannot be done here (not root, or no v1 memory hierarchy at
// /sys/fs/cgroup/memory: scripts/vm-test.sh shows the refusal on cgroup v2).
std::vector<std::string> WithoutMemoryController(std::string* why) {
  if (geteuid() != 0) {
    *why = "needs root";
    return {};
  }
  std::ifstream mountinfo("/proc/self/mountinfo");
  std::string line;
  bool v1_memory = false;
  while (std::getline(mountinfo, line)) {
    v1_memory = v1_memory || (line.find(" /sys/fs/cgroup/memory ") != std::string::npos &&
                              line.find(" - cgroup ") != std::string::npos);
  }
  const auto unshare = bp::search_path("unshare");
  if (!v1_memory || unshare.empty()) {
    *why = "needs cgroup v1's memory hierarchy at /sys/fs/cgroup/memory and unshare";
    return {};
  }
  return {unshare.string(),
          "--mount",
          "--propagation",
          "private",
          "sh",
          "-c",
          "umount /sys/fs/cgroup/memory && exec \"$@\"",
          "sh"};
}

TEST(LocalStackE2E, AsRootWithoutAMemoryControllerItRefusesToStartAndSaysWhy) {
  std::string why;
  const std::vector<std::string> launcher = WithoutMemoryController(&why);
  if (launcher.empty()) GTEST_SKIP() << why;
  const std::string dir = MakeTempDir("localstack-e2e");
  const auto [code, err] = RunServer(
      {"--listen", "127.0.0.1:0", "--executor-config", ExecutorConfig(), "--work-dir", dir},
      launcher);
  EXPECT_EQ(code, 1) << err;
  EXPECT_THAT(err, HasSubstr("cannot enforce memory limits and OOM detection, refusing to run "
                             "jobs without them: no cgroup hierarchy offers the memory "
                             "controller"));
  EXPECT_THAT(err, HasSubstr("mount cgroup v1's memory hierarchy"));
  EXPECT_THAT(err, HasSubstr("--executor synthetic"));
  EXPECT_THAT(err, Not(HasSubstr("CPU limits")));
  fs::remove_all(dir);
}

TEST(LocalStackE2E, TheSyntheticExecutorStartsWithoutAMemoryController) {
  std::string why;
  std::vector<std::string> launcher = WithoutMemoryController(&why);
  if (launcher.empty()) GTEST_SKIP() << why;
  ServerOptions options;
  options.args = {"--executor", "synthetic"};
  options.launcher = launcher;  // unshare and sh exec: the child is the server itself
  LocalStack stack(options);
  EXPECT_FALSE(stack.address().empty()) << stack.log();
  EXPECT_EQ(stack.Terminate(), 0) << stack.log();
}

}  // namespace
}  // namespace armada::localstack
