// End-to-end: what a hostile job or caller tries against the real
// armada-localstack, and that each attempt is contained. Jobs report what
// they saw through their log (FallbackToLogsOnError puts its tail in the
// failed event). These tests need root (namespaces, cgroups) and are skipped
// with a message otherwise.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <boost/process/search_path.hpp>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/file_tail.h"
#include "localstack/kubelet/isolation.h"
#include "localstack/kubelet/run_dir.h"
#include "localstack/testing/localstack_test_server.h"

namespace armada::localstack {
namespace {

using namespace testing;
namespace bp = boost::process;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

#define SKIP_UNLESS_ISOLATED()                                                \
  if (const std::string missing = MissingIsolation(); !missing.empty()) {     \
    GTEST_SKIP() << "needs root, namespaces and memory cgroups: " << missing; \
  }

struct Outcome {
  std::string kind;  // "succeeded" or "failed"
  int exit_code = 0;
  std::string reason;
  std::string output;  // the end of the log, for a failure
};

// Runs `script` with sh and ends it with `exit 3` so that its output comes
// back in the failed event.
Outcome RunScript(LocalStack& stack, const std::string& script, const std::string& memory = "",
                  const std::string& job_set = "s") {
  api::JobSubmitRequestItem item = Job({"sh", "-c", script + "\nexit 3"}, memory);
  item.mutable_pod_specs(0)->mutable_containers(0)->set_terminationmessagepolicy(
      "FallbackToLogsOnError");
  const std::string id = stack.MustSubmit(item, job_set);
  const Events events = stack.UntilTerminal(id, job_set);
  Outcome out;
  if (events.empty()) return out;
  out.kind = Kind(events.back());
  if (out.kind == "failed") {
    const auto& failed = events.back().message().failed();
    out.reason = failed.reason();
    if (failed.container_statuses_size() > 0) {
      out.exit_code = failed.container_statuses(0).exitcode();
      out.output = failed.container_statuses(0).message();
    }
  }
  return out;
}

TEST(SecurityE2E, JobsAreRootOnlyInsideTheirUserNamespace) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  const std::string marker = Marker();
  const std::string id = stack.MustSubmit(Job({"sh", "-c", "sleep 600; true", marker}));
  stack.UntilKind(id, "running");
  // The job's shell, not armada-localstack-init (whose arguments hold the
  // marker too), nor a process that ended between being listed and read
  // (the shell's child before it becomes `sleep`).
  const auto uid_of = [](pid_t pid) -> std::string {
    const std::string proc = "/proc/" + std::to_string(pid);
    try {
      std::ifstream cmdline(proc + "/cmdline");
      std::string argv0;
      if (!std::getline(cmdline, argv0, '\0') ||
          argv0.find("armada-localstack-init") != std::string::npos) {
        return "";
      }
      std::ifstream status(proc + "/status");
      std::string line, uid;
      while (std::getline(status, line)) {
        if (line.rfind("Uid:", 0) == 0) uid = line;
      }
      return uid;
    } catch (const std::exception&) {
      return "";  // it ended while being read
    }
  };
  std::string uid;
  for (int i = 0; i < 200 && uid.empty(); ++i) {
    for (const pid_t pid : PidsWithArg(marker)) {
      if (uid.empty()) uid = uid_of(pid);
    }
    if (uid.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(uid.empty());
  // Its pod's id range: the first free one, which another server of this
  // host may hold (pod_id_ranges.h).
  std::istringstream fields(uid.substr(4));
  uint64_t real = 0;
  fields >> real;
  EXPECT_GE(real, kJobIdBase) << uid;
  EXPECT_EQ((real - kJobIdBase) % kJobIdCount, 0u) << uid;
  EXPECT_THAT(uid, Not(HasSubstr("\t0\t")));

  const Outcome inside = RunScript(stack, "id -u; id -g; id -G; cat /proc/self/uid_map", "", "ids");
  EXPECT_THAT(inside.output, StartsWith("0\n0\n0\n         0 "));
  EXPECT_THAT(inside.output, EndsWith("      65536\n"));
}

TEST(SecurityE2E, HostSecretsAreUnreadable) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  const Outcome out = RunScript(stack, "cat /etc/shadow; echo shadow=$?");
  EXPECT_THAT(out.output, HasSubstr("Permission denied"));
  EXPECT_THAT(out.output, HasSubstr("shadow=1"));
}

TEST(SecurityE2E, WritesLandOnlyInTheJobsOwnLayer) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  const std::string name = "armada-escape-" + Marker();
  // The host's directories are the job root's, as an image's are in a
  // Kubernetes container: any path can be created, in its own layer only;
  // the spec's paths are created wherever they are.
  api::JobSubmitRequestItem item =
      Job({"sh", "-c",
           "for d in /etc /usr/bin / /var/tmp; do { echo x > $d/" + name +
               "; } 2>/dev/null && echo wrote $d; done; "
               "mkdir -p /usr/share/" +
               name + "/a/b && echo x > /usr/share/" + name +
               "/a/b/f && echo made; "
               "for d in /tmp /dev/shm /root .; do echo x > $d/f && echo own $d; done; pwd; "
               "printf done > /usr/share/" +
               name + "/msg; exit 4"});
  auto* c = item.mutable_pod_specs(0)->mutable_containers(0);
  c->set_terminationmessagepath("/usr/share/" + name + "/msg");
  c->set_workingdir("/opt/" + name);
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  EXPECT_EQ(events.back().message().failed().container_statuses(0).message(), "done");
  for (const std::string dir : {"/etc/", "/usr/bin/", "/", "/var/tmp/", "/usr/share/", "/opt/"}) {
    EXPECT_FALSE(fs::exists(dir + name)) << dir << name << " appeared on the host";
  }

  const Outcome own = RunScript(
      stack, "for d in /etc /usr/bin /; do { echo x > $d/" + name +
                 "; } 2>/dev/null && echo wrote $d; done; "
                 "mkdir -p /usr/share/test && echo x > /usr/share/test/f && cat /usr/share/test/f; "
                 "stat -c '%u %g' /usr/share; "
                 "for d in /tmp /dev/shm /root; do echo x > $d/f && echo own $d; done");
  EXPECT_EQ(own.output,
            "wrote /etc\nwrote /usr/bin\nwrote /\nx\n0 0\nown /tmp\nown /dev/shm\nown /root\n");
  for (const std::string dir : {"/etc/", "/usr/bin/", "/"}) {
    EXPECT_FALSE(fs::exists(dir + name)) << dir << name << " appeared on the host";
  }
  EXPECT_FALSE(fs::exists("/usr/share/test/f")) << "/usr/share/test/f appeared on the host";
}

TEST(SecurityE2E, OwningTheHostsDirectoriesOpensNoHostFile) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  // As the owner of /etc in its view, the job may rename or replace
  // /etc/shadow in its layer, never read or take over the host's file.
  const Outcome out = RunScript(
      stack,
      "mv /etc/shadow /etc/s2 && echo moved; cat /etc/s2 >/dev/null 2>&1 || echo unreadable; "
      "chmod 644 /etc/s2 2>/dev/null || echo chmod refused; "
      "chown 0 /etc/s2 2>/dev/null || echo chown refused; "
      "echo mine > /etc/shadow && cat /etc/shadow");
  EXPECT_EQ(out.output, "moved\nunreadable\nchmod refused\nchown refused\nmine\n");
  struct stat shadow {};
  ASSERT_EQ(::stat("/etc/shadow", &shadow), 0);
  EXPECT_NE(shadow.st_mode & 0777, 0644u);
}

TEST(SecurityE2E, EachContainerHasItsOwnLayerAndSharesOnlyVolumes) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  const std::string name = "armada-layer-" + Marker();
  api::JobSubmitRequestItem item =
      Job({"sh", "-c",
           "cat /etc/" + name +
               " 2>/dev/null && echo saw the init container layer; "
               "cat /usr/share/shared/f; test ! -e /usr/share/shared-" +
               name + " && echo own"});
  auto* pod = item.mutable_pod_specs(0);
  auto* volume = pod->add_volumes();
  volume->set_name("shared-data");
  volume->mutable_volumesource()->mutable_emptydir();
  auto* init = pod->add_initcontainers();
  *init->mutable_resources() = pod->containers(0).resources();
  init->set_name("writer");
  init->set_image("alpine:3");
  const std::vector<std::string> writer = {"sh", "-c",
                                           "echo layer > /etc/" + name +
                                               " && mkdir /usr/share/shared-" + name +
                                               " && echo from-init > /usr/share/shared/f"};
  for (const std::string& arg : writer) {
    init->add_command(arg);
  }
  for (auto* c : {init, pod->mutable_containers(0)}) {
    auto* mount = c->add_volumemounts();
    mount->set_name("shared-data");
    mount->set_mountpath("/usr/share/shared");
  }
  pod->mutable_containers(0)->set_terminationmessagepolicy("FallbackToLogsOnError");
  pod->mutable_containers(0)->mutable_command()->Mutable(2)->append("; exit 3");
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  const auto& failed = events.back().message().failed();
  std::string main_output = "(no status of main)";
  for (const auto& status : failed.container_statuses()) {
    if (status.name() == "main") main_output = status.message();
  }
  EXPECT_EQ(main_output, "from-init\nown\n") << failed.DebugString();
  EXPECT_FALSE(fs::exists("/etc/" + name));
}

// The shipped localstack.yaml with `allowedHostPaths: prefixes`, written to
// `dir`; its path.
std::string AllowingHostPaths(const std::string& dir, const std::vector<std::string>& prefixes) {
  std::ifstream shipped(ARMADA_TS_SOURCE_DIR "/e2e-config/localstack.yaml");
  std::stringstream text;
  text << shipped.rdbuf() << "\nallowedHostPaths:\n";
  for (const std::string& prefix : prefixes) text << "  - " << prefix << "\n";
  const std::string path = dir + "/localstack.yaml";
  std::ofstream(path) << text.str();
  return path;
}

// A job whose pod mounts `host_path` at /mnt/host.
api::JobSubmitRequestItem WithHostPath(api::JobSubmitRequestItem item,
                                       const std::string& host_path) {
  auto* pod = item.mutable_pod_specs(0);
  auto* volume = pod->add_volumes();
  volume->set_name("host");
  volume->mutable_volumesource()->mutable_hostpath()->set_path(host_path);
  auto* mount = pod->mutable_containers(0)->add_volumemounts();
  mount->set_name("host");
  mount->set_mountpath("/mnt/host");
  return item;
}

TEST(SecurityE2E, HostPathVolumesAreReadOnly) {
  SKIP_UNLESS_ISOLATED();
  const std::string dir = MakeTempDir("hostpath");
  ASSERT_FALSE(dir.empty());
  ::chmod(dir.c_str(), 0755);
  std::ofstream(dir + "/data") << "host data\n";
  ::chmod((dir + "/data").c_str(), 0644);
  LocalStack stack({"--localstack-config", AllowingHostPaths(dir, {dir})});
  api::JobSubmitRequestItem item =
      Job({"sh", "-c",
           "cat /mnt/host/data; { echo x > /mnt/host/new; } 2>/dev/null || echo write refused; "
           "mount -o remount,rw /mnt/host 2>/dev/null || echo remount refused; "
           "{ echo x > /mnt/host/new; } 2>/dev/null || echo still refused; exit 3"});
  auto* pod = item.mutable_pod_specs(0);
  auto* volume = pod->add_volumes();
  volume->set_name("host");
  volume->mutable_volumesource()->mutable_hostpath()->set_path(dir);
  auto* mount = pod->mutable_containers(0)->add_volumemounts();
  mount->set_name("host");
  mount->set_mountpath("/mnt/host");
  mount->set_readonly(false);  // hostPath is read-only whatever the mount says
  pod->mutable_containers(0)->set_terminationmessagepolicy("FallbackToLogsOnError");
  const std::string id = stack.MustSubmit(item);
  const Events events = stack.UntilTerminal(id);
  ASSERT_EQ(Kind(events.back()), "failed");
  EXPECT_EQ(events.back().message().failed().container_statuses(0).message(),
            "host data\nwrite refused\nremount refused\nstill refused\n");
  EXPECT_FALSE(fs::exists(dir + "/new"));
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST(SecurityE2E, HostProcessesAndTheServerAreInvisible) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  const std::string server = std::to_string(stack.pid());
  const Outcome out =
      RunScript(stack, "ls /proc | grep -c '^[0-9][0-9]*$'; kill -9 " + server + " " +
                           std::to_string(::getpid()) +
                           " 2>/dev/null || echo kill refused; "
                           "kill -9 -1; echo survived; cat /proc/1/cmdline | tr '\\0' ' '; echo");
  // The init, the shell, and the processes of the pipeline at most.
  std::istringstream lines(out.output);
  int visible = 0;
  lines >> visible;
  EXPECT_GT(visible, 0);
  EXPECT_LE(visible, 4) << out.output;
  EXPECT_THAT(out.output, HasSubstr("kill refused"));
  EXPECT_EQ(::kill(stack.pid(), 0), 0) << "the job killed the server";
  // The server still answers.
  EXPECT_EQ(RunScript(stack, "echo alive", "", "after").output, "alive\n");
}

TEST(SecurityE2E, TheContainersInitAndItsControlSocketAreOutOfReach) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  // PID 1 had the host root's memory and talks to the server; the command
  // runs as the same ids but may neither trace it nor hold its socket.
  const Outcome out = RunScript(stack,
                                "ls /proc/self/fd | tr '\\n' ' '; echo; "
                                "ls /proc/1/fd >/dev/null 2>&1 && echo init-descriptors; "
                                "cat /proc/1/environ >/dev/null 2>&1 && echo init-environment; "
                                "ls -l /proc/*/fd 2>/dev/null | grep -c socket");
  // 3 is the directory ls opens to list them.
  EXPECT_EQ(out.output, "0 1 2 3 \n0\n") << out.output;
}

TEST(SecurityE2E, NoWayOutOfTheMemoryLimit) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  // Moving to another cgroup: the cgroup files are the host root's and the
  // hierarchy is not even mounted; the cgroup namespace shows the job's own
  // group as the root.
  const Outcome escape =
      RunScript(stack,
                "cat /proc/self/cgroup | grep -v ':/$'; "
                "mkdir -p /tmp/cg && mount -t cgroup -o memory none /tmp/cg 2>/dev/null && "
                "{ echo mounted; echo $$ > /tmp/cg/cgroup.procs && echo moved-by-mount; }; "
                "{ echo $$ > /sys/fs/cgroup/memory/cgroup.procs; } 2>/dev/null && echo moved; "
                "{ echo $$ > /sys/fs/cgroup/cgroup.procs; } 2>/dev/null && echo moved-v2; "
                // A cgroup2 it mounts shows its own group as the root.
                "mkdir -p /tmp/cg2 && mount -t cgroup2 none /tmp/cg2 2>/dev/null && "
                "{ echo $$ > /tmp/cg2/cgroup.procs; } 2>/dev/null; "
                "grep -v ':/$' /proc/self/cgroup; true",
                "25Mi", "escape");
  EXPECT_EQ(escape.output, "") << escape.output;
  // Every place a job can write is memory: each route ends in an OOM kill.
  for (const std::string target : {"/dev/shm/fill", "/tmp/fill", "/root/fill"}) {
    const Outcome fill =
        RunScript(stack, "dd if=/dev/zero of=" + target + " bs=1M count=256", "25Mi",
                  "fill" + std::to_string(std::hash<std::string>{}(target)));
    EXPECT_THAT(fill.reason, HasSubstr("OOMKilled")) << target << ": " << fill.output;
  }
}

TEST(SecurityE2E, ForksStopAtThePidsLimit) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack({"--pids-limit", "16"});
  // sh gives up at the first fork the kernel refuses.
  const Outcome out =
      RunScript(stack, "for i in $(seq 40); do echo $i; sleep 30 & done; echo all-forked");
  EXPECT_THAT(out.output, Not(HasSubstr("all-forked")));
  EXPECT_THAT(out.output, HasSubstr("fork"));
  std::istringstream lines(out.output);
  int forked = 0;
  for (int n; lines >> n;) forked = n;
  EXPECT_LE(forked, 16) << out.output;
  EXPECT_GE(forked, 8) << out.output;
}

TEST(SecurityE2E, NothingOutlivesItsJob) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  const std::string marker = Marker();
  // Daemonized twice over, in its own session and process group.
  const std::string id = stack.MustSubmit(
      Job({"sh", "-c",
           "(setsid sh -c 'sleep 600; true' " + marker + " &) ; nohup sh -c 'sleep 601; true' " +
               marker + " >/dev/null 2>&1 & sleep 0.2; exit 0"}));
  const Events events = stack.UntilTerminal(id);
  EXPECT_EQ(Kind(events.back()), "succeeded");
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!PidsWithArg(marker).empty() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(PidsWithArg(marker).empty());
}

TEST(SecurityE2E, AnotherJobsFilesAndTheRunnersTokenAreOutOfReach) {
  SKIP_UNLESS_ISOLATED();
  // The runner's secrets: its environment (which the server inherits) and
  // a 0600 token file.
  const std::string secret = "runner-secret-" + Marker();
  // On the root filesystem, which jobs see through their overlay.
  std::string pattern = "/var/tmp/security-e2e-XXXXXX";
  const std::string dir = ::mkdtemp(pattern.data());
  const std::string token_file = dir + "/token";
  std::ofstream(token_file) << secret;
  ::chmod(token_file.c_str(), 0600);
  ::setenv("ARMADA_TOKEN", secret.c_str(), 1);
  LocalStack stack;
  ::unsetenv("ARMADA_TOKEN");

  const std::string marker = Marker();
  const std::string holder =
      stack.MustSubmit(Job({"sh", "-c",
                            "echo " + marker + " > /dev/shm/a; echo " + marker +
                                " > /tmp/a; echo " + marker + " > /root/a; sleep 600"}));
  stack.UntilKind(holder, "running");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::string run_dir = stack.work_dir() + "/run-" + std::to_string(stack.pid());
  const Outcome out = RunScript(
      stack,
      "grep -rs " + marker + " /dev/shm /tmp /root " + run_dir +
          " 2>/dev/null | head -3; cat /proc/*/root/dev/shm/a /proc/*/root/tmp/a 2>/dev/null; "
          "cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c runner-secret; "
          "env | grep -c runner-secret; cat " +
          token_file + "; ls " + run_dir + " 2>&1 | head -1",
      "", "reader");
  EXPECT_THAT(out.output, Not(HasSubstr(marker)));
  EXPECT_THAT(out.output, Not(HasSubstr(secret)));
  EXPECT_THAT(out.output, ::testing::StartsWith("0\n0\n"));
  // busybox's cat (alpine's userland) words it "can't open 'FILE': ...".
  EXPECT_THAT(out.output,
              ::testing::ContainsRegex("cat: .*" + token_file + ".*: Permission denied"));
  fs::remove_all(dir);
}

TEST(SecurityE2E, CallsWithoutTheTokenAreUnauthenticated) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  for (const std::string token : {"", "wrong-token"}) {
    auto channel = ChannelWithToken(stack.address(), token);
    auto submit = api::Submit::NewStub(channel);
    api::JobSubmitRequest request;
    request.set_queue("q");
    request.set_job_set_id("s");
    *request.add_job_request_items() = Job({"true"});
    api::JobSubmitResponse response;
    grpc::ClientContext ctx;
    const grpc::Status s = submit->SubmitJobs(&ctx, request, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << token;
    EXPECT_THAT(s.error_message(), HasSubstr("token")) << token;
    EXPECT_THAT(s.error_message(), Not(HasSubstr(LocalStack::kToken)));

    auto events = api::Event::NewStub(channel);
    grpc::ClientContext watch;
    api::JobSetRequest job_set;
    job_set.set_queue("q");
    job_set.set_id("s");
    auto reader = events->GetJobSetEvents(&watch, job_set);
    api::EventStreamMessage m;
    EXPECT_FALSE(reader->Read(&m));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  EXPECT_TRUE(stack.Read("s").empty()) << "an unauthenticated submit got through";
}

TEST(SecurityE2E, ARemoteListenNeedsAllowRemoteAndTls) {
  const std::string dir = MakeTempDir("security-e2e");
  const std::vector<std::string> base = {"--executor-config", ExecutorConfig(), "--work-dir",
                                         dir + "/work"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.end(), base.begin(), base.end());
    return RunServer(extra);
  };
  for (const std::string listen : {"0.0.0.0:0", "[::]:0", "10.1.2.3:0"}) {
    const auto [code, err] = with({"--listen", listen});
    EXPECT_EQ(code, 1) << listen;
    EXPECT_THAT(err, HasSubstr("not a loopback address")) << listen;
    EXPECT_THAT(err, HasSubstr("--allow-remote")) << listen;
  }
  const auto [code, err] = with({"--listen", "0.0.0.0:0", "--allow-remote"});
  EXPECT_EQ(code, 1);
  EXPECT_THAT(err, HasSubstr("needs TLS (--tls-cert, --tls-key)"));
  fs::remove_all(dir);
}

// The cgroup directories of the instance with pid `pid`: below each v1
// hierarchy's mount, or anywhere in the one v2 tree.
std::vector<std::string> CgroupsOf(pid_t pid) {
  std::vector<std::string> found;
  const std::string name = "armada-localstack-" + std::to_string(pid);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator("/sys/fs/cgroup", ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_directory(ec)) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->path().filename() == name) found.push_back(it->path());
    if (it.depth() > 5) it.disable_recursion_pending();
  }
  return found;
}

// A SIGKILLed server with a running job, and the directory it worked in.
struct Killed {
  pid_t pid;
  std::string marker;
  std::string run_dir;
};

Killed KillWithARunningJob(const std::string& work) {
  LocalStack stack({}, work);
  Killed k{stack.pid(), Marker(), ""};
  k.run_dir = work + "/run-" + std::to_string(k.pid);
  const std::string id = stack.MustSubmit(Job({"sh", "-c", "sleep 600 & sleep 601", k.marker}));
  stack.UntilKind(id, "running");
  // Running is announced once the container's process has been started; its
  // command line shows once the kernel has set up the new image.
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (PidsWithArg(k.marker).empty() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_FALSE(PidsWithArg(k.marker).empty());
  EXPECT_FALSE(CgroupsOf(k.pid).empty());
  // Its tmpfs of layer mount points, which the removal must detach first.
  EXPECT_THAT(MountsMentioning(k.run_dir + "/" + kMountPointsName),
              ::testing::Not(::testing::IsEmpty()));
  stack.Kill();
  return k;
}

void ExpectNothingLeft(const Killed& k) {
  EXPECT_TRUE(PidsWithArg(k.marker).empty());
  EXPECT_THAT(CgroupsOf(k.pid), ::testing::IsEmpty());
  EXPECT_FALSE(fs::exists(k.run_dir));
  EXPECT_THAT(MountsMentioning(k.run_dir), ::testing::IsEmpty());
}

TEST(SecurityE2E, TheNextStartRemovesWhatAKilledServerLeft) {
  SKIP_UNLESS_ISOLATED();
  const std::string dir = MakeTempDir("security-e2e");
  const Killed killed = KillWithARunningJob(dir + "/work");
  {
    LocalStack next({}, dir + "/work");
    ExpectNothingLeft(killed);
  }
  fs::remove_all(dir);
}

TEST(SecurityE2E, CleanupRemovesWhatAKilledServerLeft) {
  SKIP_UNLESS_ISOLATED();
  const std::string dir = MakeTempDir("security-e2e");
  const Killed killed = KillWithARunningJob(dir + "/work");
  const auto [code, err] = RunServer({"--cleanup", "--work-dir", dir + "/work"});
  EXPECT_EQ(code, 0) << err;
  EXPECT_THAT(err, HasSubstr("removed stale " + killed.run_dir));
  ExpectNothingLeft(killed);
  fs::remove_all(dir);
}

// Builds `levels` nested directories "d" under `dir`, by descriptors (the
// path soon exceeds PATH_MAX).
void MakeDeepTree(const std::string& dir, int levels) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  for (int i = 0; i < levels && fd >= 0; ++i) {
    ::mkdirat(fd, "d", 0755);
    const int next = ::openat(fd, "d", O_RDONLY | O_DIRECTORY);
    ::close(fd);
    fd = next;
  }
  ASSERT_GE(fd, 0);
  ::close(::openat(fd, "f", O_CREAT | O_WRONLY, 0644));
  ::close(fd);
}

// A mode's permission bits, as ls shows them in octal.
std::string ModeOf(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return "missing";
  char text[8];
  std::snprintf(text, sizeof(text), "%o", info.st_mode & 07777);
  return text;
}

// Item 1: a volume's name became a host path, "../" included, which the
// server (host root) created, handed to the job and mounted read-write.
TEST(SecurityE2E, AVolumeNameThatIsNoDnsLabelIsRefusedAtSubmit) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  const std::string target = "/var/tmp/armada-volume-escape-" + Marker();
  api::JobSubmitRequestItem item = Job({"sh", "-c", "touch /mnt/v/planted"});
  auto* pod = item.mutable_pod_specs(0);
  const std::string name = "../../../../../../../../../../../.." + target;
  auto* volume = pod->add_volumes();
  volume->set_name(name);
  volume->mutable_volumesource()->mutable_emptydir();
  auto* mount = pod->mutable_containers(0)->add_volumemounts();
  mount->set_name(name);
  mount->set_mountpath("/mnt/v");
  std::string id;
  const grpc::Status s = stack.Submit("q", "s", item, &id);
  if (s.ok()) stack.UntilTerminal(id);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("job_request_items[0].pod_specs[0].volumes[0].name: \"" +
                                           name + "\" is not a valid volume name"));
  EXPECT_FALSE(fs::exists(target)) << "the server made the host directory a volume name chose";
  std::error_code ec;
  fs::remove_all(target, ec);
}

// Item 2: the init, still host root, made a missing workingDir and changed
// its owner by path; through a link another container put in a shared
// volume, that path led to a host file (/dev/full in the container is the
// host's node).
TEST(SecurityE2E, AWorkingDirThroughALinkInAVolumeChangesNoHostFile) {
  SKIP_UNLESS_ISOLATED();
  struct stat before {};
  ASSERT_EQ(::stat("/dev/full", &before), 0);
  LocalStack stack;
  api::JobSubmitRequestItem item = Job({"sh", "-c", "pwd"});
  auto* pod = item.mutable_pod_specs(0);
  auto* volume = pod->add_volumes();
  volume->set_name("data");
  volume->mutable_volumesource()->mutable_emptydir();
  auto* init = pod->add_initcontainers();
  *init->mutable_resources() = pod->containers(0).resources();
  init->set_name("planter");
  init->set_image("alpine:3");
  for (const std::string arg : {"sh", "-c", "ln -s /dev/full /data/link"}) init->add_command(arg);
  // "new" does not exist, so the path looked missing; after "..", the link.
  pod->mutable_containers(0)->set_workingdir("/data/new/../link");
  for (auto* c : {init, pod->mutable_containers(0)}) {
    auto* mount = c->add_volumemounts();
    mount->set_name("data");
    mount->set_mountpath("/data");
  }
  const Events events = stack.UntilTerminal(stack.MustSubmit(item));
  struct stat after {};
  ASSERT_EQ(::stat("/dev/full", &after), 0);
  if (after.st_uid != before.st_uid || after.st_gid != before.st_gid) {
    ::chown("/dev/full", before.st_uid, before.st_gid);  // leave the host as it was
  }
  EXPECT_EQ(after.st_uid, before.st_uid) << "the host's /dev/full was handed to the job";
  EXPECT_EQ(after.st_gid, before.st_gid);
  EXPECT_EQ(Kind(events.back()), "failed");

  // A missing workingDir in a volume is still made, and is the job's.
  const Outcome made = [&] {
    api::JobSubmitRequestItem fresh = Job({"sh", "-c", "pwd; stat -c %u .; exit 3"});
    auto* p = fresh.mutable_pod_specs(0);
    auto* v = p->add_volumes();
    v->set_name("data");
    v->mutable_volumesource()->mutable_emptydir();
    auto* c = p->mutable_containers(0);
    c->set_workingdir("/data/made/./here");
    c->set_terminationmessagepolicy("FallbackToLogsOnError");
    auto* m = c->add_volumemounts();
    m->set_name("data");
    m->set_mountpath("/data");
    const Events e = stack.UntilTerminal(stack.MustSubmit(fresh, "fresh"), "fresh");
    Outcome out;
    if (!e.empty() && Kind(e.back()) == "failed") {
      out.output = e.back().message().failed().container_statuses(0).message();
    }
    return out;
  }();
  EXPECT_EQ(made.output, "/data/made/here\n0\n");
}

// Item 3: an existing --token-file was used whoever owned it: a local user
// who created it first could call the server.
TEST(SecurityE2E, ATokenFileOfAnotherUserOrBehindALinkIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file to another user";
  const std::string dir = MakeTempDir("security-token");
  ::chmod(dir.c_str(), 0755);
  const std::string planted = dir + "/planted", own = dir + "/own", link = dir + "/link";
  for (const std::string& file : {planted, own}) {
    std::ofstream(file) << "planted-token\n";
    ::chmod(file.c_str(), 0600);
  }
  ASSERT_EQ(::chown(planted.c_str(), 65534, 65534), 0);
  ASSERT_EQ(::symlink(own.c_str(), link.c_str()), 0);
  for (const auto& [file, why] :
       {std::pair<std::string, std::string>{planted, "belongs to uid 65534"},
        {link, "is a symbolic link"}}) {
    const auto [code, err] =
        StartOrRefusal({"--listen", "127.0.0.1:0", "--executor-config", ExecutorConfig(),
                        "--token-file", file, "--work-dir", dir + "/work"});
    EXPECT_EQ(code, 1) << file << " was accepted";
    EXPECT_THAT(err, HasSubstr("--token-file: " + file + " " + why));
    EXPECT_THAT(err, Not(HasSubstr("planted-token")));
  }
  fs::remove_all(dir);
}

// Item 4: --data-dir was 0755 and its database 0644: any local user read the
// stored job specs, their environments' secrets included.
TEST(SecurityE2E, TheDataDirectoryAndItsFilesAreTheServersAlone) {
  const std::string dir = MakeTempDir("security-data");
  const std::string data = dir + "/data";
  ::mkdir(data.c_str(), 0755);  // as an older server made it
  {
    LocalStack stack({"--data-dir", data});
    api::JobSubmitRequestItem item = Job({"true"});
    auto* env = item.mutable_pod_specs(0)->mutable_containers(0)->add_env();
    env->set_name("SECRET");
    env->set_value("stored-secret");
    stack.UntilTerminal(stack.MustSubmit(item));
    EXPECT_EQ(ModeOf(data), "700");
    // SQLite's WAL and shared-memory files live while it is open.
    for (const std::string name : {"localstack.db", "localstack.db-wal", "localstack.db-shm"}) {
      EXPECT_EQ(ModeOf(data + "/" + name), "600") << name;
    }
  }
  fs::remove_all(dir);
}

// Item 5: removal held a descriptor per level; a job's tree deeper than the
// server's descriptor limit outlived the job, and --cleanup said "removed"
// of a run directory it had not removed.
TEST(SecurityE2E, ATreeDeeperThanTheDescriptorLimitIsRemovedWithItsJob) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  // Fewer descriptors than the tree has levels.
  const rlimit limit{64, 64};
  ASSERT_EQ(::prlimit(stack.pid(), RLIMIT_NOFILE, &limit, nullptr), 0);
  // A whole CPU: at Job's 100m a slow machine (the VM test's) outlasts the wait.
  api::JobSubmitRequestItem item =
      WithCpu(Job({"sh", "-c",
                   "cd /data && i=0 && while [ $i -lt 300 ]; do mkdir d && cd d || exit 1; "
                   "i=$((i + 1)); done"}),
              "1");
  auto* pod = item.mutable_pod_specs(0);
  auto* volume = pod->add_volumes();
  volume->set_name("data");
  volume->mutable_volumesource()->mutable_emptydir();
  auto* mount = pod->mutable_containers(0)->add_volumemounts();
  mount->set_name("data");
  mount->set_mountpath("/data");
  const std::string id = stack.MustSubmit(item);
  EXPECT_EQ(Kind(stack.UntilTerminal(id).back()), "succeeded");
  const std::string jobs = stack.work_dir() + "/run-" + std::to_string(stack.pid()) + "/jobs";
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (fs::exists(jobs + "/" + id) && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_FALSE(fs::exists(jobs + "/" + id));
  // What is kept for reuse is empty.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(jobs, ec)) {
    EXPECT_TRUE(fs::is_empty(entry.path(), ec)) << entry.path();
  }
}

TEST(SecurityE2E, CleanupRemovesADeepTreeAndNamesWhatItCouldNotRemove) {
  SKIP_UNLESS_ISOLATED();
  const std::string dir = MakeTempDir("security-e2e");
  const std::string work = dir + "/work";
  // A dead instance's directory (no pid is this large): a deep tree and a
  // mount no removal may enter.
  const std::string run = work + "/run-99999999";
  fs::create_directories(run + "/jobs/deep");
  fs::create_directories(run + "/jobs/mounted");
  ::chmod(work.c_str(), 0700);
  std::ofstream(run + "/lock").flush();
  MakeDeepTree(run + "/jobs/deep", 300);
  ASSERT_EQ(::mount("t", (run + "/jobs/mounted").c_str(), "tmpfs", 0, nullptr), 0);
  const auto cleanup = [&] {
    // Fewer descriptors than the tree has levels.
    return RunServer({"--cleanup", "--work-dir", work},
                     {bp::search_path("prlimit").string(), "--nofile=32:32", "--"});
  };
  const auto [code, err] = cleanup();
  EXPECT_EQ(code, 1) << err;
  EXPECT_THAT(err, HasSubstr("could not remove " + run + "/jobs/mounted: a mount point"));
  EXPECT_THAT(err, Not(HasSubstr("removed stale")));
  EXPECT_FALSE(fs::exists(run + "/jobs/deep"));
  ::umount2((run + "/jobs/mounted").c_str(), MNT_DETACH);
  const auto [again, again_err] = cleanup();
  EXPECT_EQ(again, 0) << again_err;
  EXPECT_THAT(again_err, HasSubstr("removed stale " + run));
  EXPECT_FALSE(fs::exists(run));
  fs::remove_all(dir);
}

// Item 6: stale run-* directories were removed before the work directory's
// owner was checked: root deleted inside another user's directory first.
TEST(SecurityE2E, AWorkDirOfAnotherUserIsRefusedBeforeAnythingInItIsTouched) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a directory to another user";
  const std::string dir = MakeTempDir("security-e2e");
  ::chmod(dir.c_str(), 0755);
  const std::string work = dir + "/work", stale = work + "/run-99999999";
  fs::create_directories(stale);
  std::ofstream(stale + "/lock").flush();
  for (const std::string& path : {work, stale, stale + "/lock"}) {
    ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);
  }
  ::chmod(work.c_str(), 0700);
  const auto [code, err] = RunServer({"--cleanup", "--work-dir", work});
  EXPECT_EQ(code, 1);
  EXPECT_THAT(err, HasSubstr(work + " belongs to uid 65534"));
  EXPECT_TRUE(fs::exists(stale + "/lock")) << "--cleanup removed inside another user's directory";
  const auto [start, start_err] = StartOrRefusal(
      {"--listen", "127.0.0.1:0", "--executor-config", ExecutorConfig(), "--work-dir", work});
  EXPECT_EQ(start, 1);
  EXPECT_THAT(start_err, HasSubstr(work + " belongs to uid 65534"));
  EXPECT_TRUE(fs::exists(stale + "/lock")) << "a start removed inside another user's directory";
  fs::remove_all(dir);
}

// Round 2b, item 6: a hostPath mounted any host directory (read-only, as the
// job's root): /proc showed every host process, the run directory other
// jobs' live logs.
TEST(SecurityE2E, AHostPathOutsideAllowedHostPathsIsRefusedAtSubmit) {
  LocalStack stack;
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  for (const std::string& path : std::vector<std::string>{"/proc", "/", "/etc", stack.work_dir()}) {
    std::string id;
    const grpc::Status s =
        stack.Submit("q", "s", WithHostPath(Job({"ls", "/mnt/host"}), path), &id);
    if (s.ok()) stack.UntilTerminal(id);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << path;
    EXPECT_THAT(
        s.error_message(),
        HasSubstr("job_request_items[0].pod_specs[0].volumes[0].hostPath.path: hostPath " + path +
                  " is not allowed: localstack.yaml's allowedHostPaths allows none"));
  }
}

TEST(SecurityE2E, AHostPathLinkOutOfAnAllowedPrefixFailsTheContainer) {
  SKIP_UNLESS_ISOLATED();
  const std::string dir = MakeTempDir("hostpath-link");
  ASSERT_FALSE(dir.empty());
  fs::create_directory(dir + "/allowed");
  fs::create_directory_symlink("/etc", dir + "/allowed/etc");
  LocalStack stack({"--localstack-config", AllowingHostPaths(dir, {dir + "/allowed"})});
  const Events events = stack.UntilTerminal(
      stack.MustSubmit(WithHostPath(Job({"cat", "/mnt/host/hostname"}), dir + "/allowed/etc")));
  ASSERT_EQ(Kind(events.back()), "failed");
  EXPECT_THAT(events.back().message().failed().container_statuses(0).message(),
              HasSubstr("hostPath " + dir +
                        "/allowed/etc leads to /etc, which localstack.yaml's "
                        "allowedHostPaths does not allow"));
  fs::remove_all(dir);
}

// Round 2b, item 2: the process limit held per container, so a pod of many
// containers had that many times the limit (12 containers held 12 385 host
// tasks); it is the pod's now, as kubelet's podPidsLimit.
TEST(SecurityE2E, APodsContainersShareOneProcessLimit) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack({"--pids-limit", "24"});
  // More containers than the limit allows processes: those past it never
  // start (a 3 000-container pod was accepted and started).
  api::JobSubmitRequestItem many = Job({"sleep", "2"});
  auto* many_pod = many.mutable_pod_specs(0);
  // Small enough that the 40 fit a node of a small machine.
  auto* resources = many_pod->mutable_containers(0)->mutable_resources();
  for (auto* side : {resources->mutable_requests(), resources->mutable_limits()}) {
    (*side)["cpu"].set_string("10m");
    (*side)["memory"].set_string("16Mi");
    (*side)["ephemeral-storage"].set_string("16Mi");
  }
  for (int i = 1; i < 40; ++i) {
    *many_pod->add_containers() = many_pod->containers(0);
    many_pod->mutable_containers(i)->set_name("c" + std::to_string(i));
  }
  const Events ended = stack.UntilTerminal(stack.MustSubmit(many, "many"), "many");
  ASSERT_EQ(Kind(ended.back()), "failed");
  int refused = 0;
  for (const auto& status : ended.back().message().failed().container_statuses()) {
    if (status.message().find("the pod's processes reached its process limit (24)") !=
        std::string::npos) {
      ++refused;
    }
  }
  EXPECT_GE(refused, 16) << ended.back().DebugString();
}

// Round 2b, item 1: /dev/termination-log was a host file: a 64Mi job wrote
// 1 GiB of host disk there. It is memory of the container now.
TEST(SecurityE2E, ATerminationMessageIsTheContainersMemoryNotHostDisk) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  const Outcome big =
      RunScript(stack, "dd if=/dev/zero of=/dev/termination-log bs=1M count=256", "25Mi");
  EXPECT_THAT(big.reason, HasSubstr("because OOMKilled")) << big.output.size() << " bytes";
  EXPECT_LE(big.output.size(), 4096u);
}

// As the kubelet reports them: 4096 bytes per container, 12 KiB per pod
// split among its containers.
TEST(SecurityE2E, TerminationMessagesAreCappedPerContainerAndPerPod) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  api::JobSubmitRequestItem item =
      Job({"sh", "-c", "head -c 5000 /dev/zero | tr '\\0' x > /dev/termination-log; exit 3"});
  auto* pod = item.mutable_pod_specs(0);
  for (int i = 1; i < 5; ++i) {
    *pod->add_containers() = pod->containers(0);
    pod->mutable_containers(i)->set_name("c" + std::to_string(i));
  }
  const Events events = stack.UntilTerminal(stack.MustSubmit(item));
  ASSERT_EQ(Kind(events.back()), "failed");
  const auto& statuses = events.back().message().failed().container_statuses();
  ASSERT_EQ(statuses.size(), 5);
  for (const auto& status : statuses) {
    EXPECT_EQ(status.message(), std::string(12 * 1024 / 5, 'x')) << status.name();
  }
  const Outcome one =
      RunScript(stack, "head -c 5000 /dev/zero | tr '\\0' y > /dev/termination-log", "", "one");
  EXPECT_EQ(one.output, std::string(4096, 'y'));
}

// Round 2b, item 1: a container's log grew without bound on the host's disk.
TEST(SecurityE2E, AContainersLogKeepsOnlyItsEndOnDisk) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  // A whole CPU: at Job's 100m a slow machine (the VM test's) outlasts the wait.
  const std::string id = stack.MustSubmit(
      WithCpu(Job({"sh", "-c", "head -c 67108864 /dev/zero; echo; echo the-end; sleep 600"}), "1"));
  stack.UntilKind(id, "running");
  const std::string log =
      stack.work_dir() + "/run-" + std::to_string(stack.pid()) + "/jobs/" + id + "/main.log";
  const auto on_disk = [&] {
    struct stat info {};
    return ::stat(log.c_str(), &info) == 0 ? info.st_blocks * 512 : -1;
  };
  const auto size = [&] {
    std::error_code ec;
    const auto bytes = fs::file_size(log, ec);
    return ec ? 0 : bytes;
  };
  // Once all of it is written, its first 44 MiB and more are freed.
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while ((FileTail(log, 1, 100) != "the-end\n" || on_disk() > (20 << 20)) &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GE(size(), 64u << 20);
  EXPECT_LE(on_disk(), 20 << 20);
  EXPECT_EQ(FileTail(log, 1, 100), "the-end\n");
}

// Round 2b, item 1: kept logs stayed while the server ran; they go with
// their job set.
TEST(SecurityE2E, KeptLogsGoWithTheirJobSet) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack({"--keep-finished-job-sets", "1"});
  const std::string first = stack.MustSubmit(Job({"echo", "first"}), "first");
  stack.UntilTerminal(first, "first");
  const std::string logs = stack.work_dir() + "/run-" + std::to_string(stack.pid()) + "/logs/";
  EXPECT_TRUE(fs::exists(logs + first + "/main.log"));
  const std::string second = stack.MustSubmit(Job({"echo", "second"}), "second");
  stack.UntilTerminal(second, "second");
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (fs::exists(logs + first) && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_FALSE(fs::exists(logs + first)) << "the released job set's logs stayed";
  EXPECT_TRUE(fs::exists(logs + second + "/main.log"));
}

// Round 2b, item 5: 8Ei + 4Ei wrapped negative; the job was leased and the
// node's account grew by as much, so 1Pi jobs were then leased on a 23.5 GiB
// node.
TEST(SecurityE2E, RequestsBeyondInt64NeitherWrapNorCorruptTheNode) {
  LocalStack stack({"--executor", "synthetic"});
  api::JobSubmitRequestItem wrap = Job({"true"}, "8Ei");
  auto* extra = wrap.mutable_pod_specs(0)->add_containers();
  *extra = wrap.pod_specs(0).containers(0);
  extra->set_name("more");
  (*extra->mutable_resources()->mutable_limits())["memory"].set_string("4Ei");
  (*extra->mutable_resources()->mutable_requests())["memory"].set_string("4Ei");
  const std::string wrapped = stack.MustSubmit(wrap);
  const std::string huge = stack.MustSubmit(Job({"true"}, "1Pi"));
  const std::string small = stack.MustSubmit(Job({"true"}, "1Mi"));
  EXPECT_EQ(Kind(stack.UntilTerminal(small).back()), "succeeded");
  for (const auto& e : stack.Read("s")) {
    const std::string id = JobIdOf(e);
    if (id == wrapped || id == huge) {
      EXPECT_THAT(Kind(e), ::testing::AnyOf("submitted", "queued")) << id;
    }
  }
}

// Round 2b, item 5: activeDeadlineSeconds: INT64_MAX overflowed the deadline
// and failed the job at once; Kubernetes allows 1..MaxInt32.
TEST(SecurityE2E, AnActiveDeadlineOutsideKubernetesRangeIsRefusedAtSubmit) {
  LocalStack stack({"--executor", "synthetic"});
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  api::JobSubmitRequestItem item = Job({"true"});
  item.mutable_pod_specs(0)->set_activedeadlineseconds(INT64_MAX);
  std::string id;
  const grpc::Status s = stack.Submit("q", "s", item, &id);
  if (s.ok()) stack.UntilTerminal(id);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(),
              HasSubstr("job_request_items[0].pod_specs[0].activeDeadlineSeconds: " +
                        std::to_string(INT64_MAX) + " must be between 1 and 2147483647"));
}

// Round 2b, item 4: a 2.7 MB request of 200 000 environment variables was
// stored whole; Armada refuses a pod spec above 65 535 bytes.
TEST(SecurityE2E, APodSpecAboveArmadasSizeLimitIsRefusedAtSubmit) {
  LocalStack stack({"--executor", "synthetic"});
  ASSERT_TRUE(stack.CreateQueue("q").ok());
  api::JobSubmitRequestItem item = Job({"true"});
  auto* c = item.mutable_pod_specs(0)->mutable_containers(0);
  for (int i = 0; i < 200000; ++i) {
    auto* env = c->add_env();
    env->set_name("V" + std::to_string(i));
    env->set_value("x");
  }
  std::string id;
  const grpc::Status s = stack.Submit("q", "s", item, &id);
  if (s.ok()) stack.UntilTerminal(id);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("job_request_items[0].pod_specs[0]: the pod spec has " +
                                           std::to_string(item.pod_specs(0).ByteSizeLong()) +
                                           " bytes, more than the 65535 Armada's server accepts"));
}

// The shipped localstack.yaml with `extra` appended, written into `dir`.
std::string ShippedConfigWith(const std::string& dir, const std::string& extra) {
  std::ifstream shipped(ARMADA_TS_SOURCE_DIR "/e2e-config/localstack.yaml");
  std::stringstream text;
  text << shipped.rdbuf() << "\n" << extra << "\n";
  const std::string path = dir + "/localstack.yaml";
  std::ofstream(path) << text.str();
  return path;
}

// A shell line (busybox's nc) that prints "reached" or "refused" for a TCP
// connection to 127.0.0.1:port.
std::string TryLoopback(int port) {
  return "if nc -w 1 127.0.0.1 " + std::to_string(port) +
         " </dev/null >/dev/null 2>&1; then echo reached; else echo refused; fi";
}

// A listening socket of this process: TCP on 127.0.0.1 (its port in *port)
// or, with `abstract_name`, an abstract UNIX socket of that name.
int Listen(int* port, const std::string& abstract_name = "") {
  if (!abstract_name.empty()) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path + 1, abstract_name.data(), abstract_name.size());
    const socklen_t size = offsetof(sockaddr_un, sun_path) + 1 + abstract_name.size();
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), size), 0);
    EXPECT_EQ(::listen(fd, 8), 0);
    return fd;
  }
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), size), 0);
  EXPECT_EQ(::listen(fd, 8), 0);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  *port = ntohs(address.sin_port);
  return fd;
}

// Round 2b, item 7: jobs shared the host's network namespace, so they
// reached every loopback service of the host and its abstract UNIX sockets
// (a desktop session's, a container runtime's). A pod has its own now. An
// abstract socket has no permissions: any process of the namespace that
// lists it in /proc/net/unix may connect to it.
TEST(SecurityE2E, APodReachesNeitherTheHostsLoopbackNorItsAbstractSockets) {
  SKIP_UNLESS_ISOLATED();
  const std::string name = "armada-host-" + Marker();
  int port = 0;
  const int tcp = Listen(&port);
  const int abstract = Listen(nullptr, name);
  LocalStack stack;
  const Outcome out = RunScript(stack, TryLoopback(port) + "; grep -c " + name +
                                           " /proc/net/unix; "
                                           "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '");
  // Its own loopback and eth0 are all it has.
  EXPECT_EQ(out.output, "refused\n0\nlo\neth0\n");
  ::close(tcp);
  ::close(abstract);
}

// Round 2b, item 7, between pods: one pod's loopback service is out of
// another's reach; the host reaches each pod at its own address (what
// ingressInfo names).
TEST(SecurityE2E, PodsReachNeitherEachOthersLoopbackNorAbstractSockets) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  int port = 0;
  ::close(Listen(&port));  // free on the host's loopback, where pods listened before
  // The first pod listens (busybox's nc, on every address of its own) and
  // keeps listening for as many connections as come.
  api::JobSubmitRequestItem listener =
      Job({"sh", "-c", "while true; do nc -l -p " + std::to_string(port) + " </dev/null; done"});
  auto* container_port = listener.mutable_pod_specs(0)->mutable_containers(0)->add_ports();
  container_port->set_containerport(port);
  listener.add_ingress()->add_ports(static_cast<uint32_t>(port));
  const std::string first = stack.MustSubmit(listener, "listener");
  const Events seen = stack.UntilKind(first, "ingressInfo", "listener");
  ASSERT_FALSE(seen.empty());
  ASSERT_EQ(Kind(seen.back()), "ingressInfo");
  const std::string address = seen.back().message().ingress_info().ingress_addresses().at(port);
  // Once the host reaches it at its address, it listens.
  bool listening = false;
  for (auto until = Clock::now() + kJobTimeout; !listening && Clock::now() < until;) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, address.c_str(), &to.sin_addr);
    listening = ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) == 0;
    ::close(fd);
    if (!listening) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(listening) << "the first pod never listened at " << address;

  const Outcome out = RunScript(stack, TryLoopback(port) + "; wc -l < /proc/net/unix");
  // Refused, and no UNIX socket at all in its namespace (the header line only).
  EXPECT_EQ(out.output, "refused\n1\n");
  EXPECT_NE(address, "127.0.0.1");
}

// Round 2b, item 8: every job's root was the same host uid, so one job's
// keys (/proc/keys) and files were every other job's. Each pod has its own
// id range now: a pod running next to another sees none of its keys, and
// the other's processes are another uid's.
TEST(SecurityE2E, APodsKeysAndIdsAreAnotherPodsNobody) {
  SKIP_UNLESS_ISOLATED();
  LocalStack stack;
  const std::string marker = Marker();
  // add_key(2) into the session and the user keyring, then the marker.
  const std::string add_keys =
      "import ctypes, os\n"
      "libc = ctypes.CDLL(None, use_errno=True)\n"
      "for ring, kind in ((-3, 'session'), (-4, 'user')):\n"
      "  libc.syscall(248, b'user', ('armada-" +
      marker +
      "-' + kind).encode(), b'secret', 6, ring)\n"
      "os.execvp('sh', ['sh', '-c', 'sleep 600; true', '" +
      marker + "'])";
  // Without the host's python3 (the VM test's guest) the first pod adds no
  // key, and only the ids are compared.
  const bool python = !bp::search_path("python3").empty();
  const std::string first = stack.MustSubmit(
      python ? Job({"python3", "-c", add_keys}) : Job({"sh", "-c", "sleep 600; true", marker}),
      "keys");
  std::vector<pid_t> sleeping;
  for (auto until = Clock::now() + kJobTimeout; sleeping.empty() && Clock::now() < until;) {
    for (pid_t pid : PidsWithArg(marker)) {
      std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
      std::string argv0;
      std::getline(in, argv0, '\0');
      if (argv0 == "sh") sleeping.push_back(pid);
    }
    if (sleeping.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(sleeping.empty()) << "the first pod never added its keys: "
                                 << ::testing::PrintToString(
                                        Kinds(stack.UntilTerminal(first, "keys")));
  std::ifstream status("/proc/" + std::to_string(sleeping.front()) + "/status");
  std::string line, first_uid;
  while (std::getline(status, line)) {
    if (line.rfind("Uid:", 0) == 0) first_uid = line.substr(line.find_first_of("0123456789"));
  }
  first_uid = first_uid.substr(0, first_uid.find_first_not_of("0123456789"));

  const Outcome second =
      RunScript(stack, "grep -c armada-" + marker + " /proc/keys; cat /proc/self/uid_map");
  std::istringstream lines(second.output);
  std::string count, map;
  std::getline(lines, count);
  std::getline(lines, map);
  EXPECT_EQ(count, "0") << second.output;
  std::istringstream fields(map);
  uint64_t inside = 1, host = 0, length = 0;
  fields >> inside >> host >> length;
  EXPECT_EQ(inside, 0u);
  EXPECT_EQ(length, kJobIdCount);
  EXPECT_GE(host, kJobIdBase);
  EXPECT_EQ((host - kJobIdBase) % kJobIdCount, 0u);
  ASSERT_FALSE(first_uid.empty());
  EXPECT_NE(std::to_string(host), first_uid) << "both pods' roots are host uid " << first_uid;
}

// Round 2b, item 8: the id ranges are a pool; a pod that finds every range
// taken does not start, and says why.
TEST(SecurityE2E, APodFindingEveryIdRangeTakenFailsToStartSayingSo) {
  SKIP_UNLESS_ISOLATED();
  const std::string dir = MakeTempDir("id-ranges");
  LocalStack stack({"--localstack-config", ShippedConfigWith(dir, "podIdRanges: 1")});
  const auto says_every_range_is_taken = [](const Events& events) {
    ASSERT_EQ(Kind(events.back()), "failed");
    EXPECT_THAT(events.back().message().failed().container_statuses(0).message(),
                HasSubstr("every one of the 1 host id ranges for pods is in use"));
  };
  const std::string marker = Marker();
  // `sleep 600 MARKER` would fail at once (no such interval), freeing its range.
  const std::string holder =
      stack.MustSubmit(Job({"sh", "-c", "sleep 600; true", marker}), "holder");
  const Events held = stack.WatchJob(
      holder,
      [](const Events& e) {
        return !e.empty() && (Kind(e.back()) == "running" || IsTerminal(Kind(e.back())));
      },
      "holder");
  if (Kind(held.back()) != "running") {
    // Another server of this host (a test running beside this one) holds
    // the one range this server may take: the holder met a taken range.
    says_every_range_is_taken(held);
  } else {
    says_every_range_is_taken(
        stack.UntilTerminal(stack.MustSubmit(Job({"true"}), "second"), "second"));
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace armada::localstack
