// Hostile test case files against the built binary: each is refused with a
// message naming the file, inside a memory bound and a (generous) time bound.
// The bound is a v1 memory cgroup when one can be made (root), else, outside
// ASan (whose shadow memory needs terabytes of address space), RLIMIT_AS.
// How fast the refusals are belongs in bench/, not here.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace armada::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

#ifdef ARMADA_TS_SANITIZED
// ASan's shadow memory and quarantine; still far below what the unbounded
// loader took (gigabytes within seconds).
constexpr long long kMemoryBytes = 2048LL << 20;
#else
constexpr long long kMemoryBytes = 512LL << 20;
#endif
// Far beyond the fraction of a second a refusal takes: only a hang hits it.
constexpr auto kHangGuard = std::chrono::seconds(60);

struct BoundedRun {
  int exit_code = -1;
  bool killed_for_time = false;
  std::string output;
};

// A v1 memory cgroup of its own, removed again at the end.
class MemoryCgroup {
 public:
  MemoryCgroup() {
    const fs::path root = "/sys/fs/cgroup/memory";
    if (geteuid() != 0 || !fs::exists(root / "memory.limit_in_bytes")) return;
    const fs::path dir = root / ("armada-hostile-test-" + std::to_string(getpid()));
    std::error_code ec;
    fs::create_directory(dir, ec);
    if (ec) return;
    std::ofstream(dir / "memory.limit_in_bytes") << kMemoryBytes;
    std::ofstream(dir / "memory.memsw.limit_in_bytes") << kMemoryBytes;
    dir_ = dir;
  }
  ~MemoryCgroup() {
    if (!dir_.empty()) ::rmdir(dir_.c_str());
  }
  bool ok() const { return !dir_.empty(); }
  std::string procs() const { return (dir_ / "cgroup.procs").string(); }

 private:
  fs::path dir_;
};

// Runs the binary with args under the memory and time bounds.
BoundedRun RunBounded(const std::vector<std::string>& args) {
  static MemoryCgroup cgroup;
  BoundedRun run;
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return run;
  const std::string binary = ARMADA_TS_BINARY_DIR "/bin/armada-testsuite";
  std::vector<char*> argv = {const_cast<char*>(binary.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string procs = cgroup.ok() ? cgroup.procs() : "";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], 1);
    ::dup2(pipe_fds[1], 2);
    ::close(pipe_fds[0]);
    if (!procs.empty()) {
      const int fd = ::open(procs.c_str(), O_WRONLY);
      if (fd < 0 || ::write(fd, "0", 1) != 1) ::_exit(125);
      ::close(fd);
    } else {
#ifdef ARMADA_TS_SANITIZED
      ::_exit(124);  // no bound available: the caller skips
#else
      const rlimit limit{static_cast<rlim_t>(kMemoryBytes), static_cast<rlim_t>(kMemoryBytes)};
      ::setrlimit(RLIMIT_AS, &limit);
#endif
    }
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  ::fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
  const auto deadline = Clock::now() + kHangGuard;
  int status = 0;
  char buffer[4096];
  while (true) {
    ssize_t n;
    while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) run.output.append(buffer, n);
    if (::waitpid(pid, &status, WNOHANG) == pid) break;
    if (Clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      run.killed_for_time = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) run.output.append(buffer, n);
  ::close(pipe_fds[0]);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

class HostileInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/hostile_input_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // `validate FILE` must refuse the file, naming it, with `expected` in the
  // message, within the bounds.
  void ExpectRefused(const std::string& command, const std::string& path,
                     const std::string& expected) {
    SCOPED_TRACE(command + " " + path);
    const BoundedRun run = RunBounded({command, "--tests", path});
    if (run.exit_code == 124) GTEST_SKIP() << "no memory bound available under ASan";
    EXPECT_FALSE(run.killed_for_time) << "still running after the hang guard";
    // validate exits 1 for an invalid case; list, which cannot list, 2.
    EXPECT_TRUE(run.exit_code == 1 || run.exit_code == 2) << run.exit_code << run.output;
    EXPECT_THAT(run.output, HasSubstr(path + ":"));
    EXPECT_THAT(run.output, HasSubstr(expected));
    EXPECT_THAT(run.output, ::testing::Not(HasSubstr("bad_alloc")));
  }

  std::string dir_;
};

std::string Hostile(const std::string& name) {
  return ARMADA_TS_SOURCE_DIR "/src/testcase/hostile/" + name;
}

TEST_F(HostileInputTest, ALoneCommaIsASyntaxError) {
  for (const char* command : {"validate", "list"}) {
    ExpectRefused(command, Hostile("lone_comma.yaml"), ":1:1: YAML syntax error: unexpected ','");
  }
}

TEST_F(HostileInputTest, ASixteenMegabyteFlowListIsRefused) {
  std::string list = "jobs: [";
  while (list.size() < (16 << 20)) list += "1,";
  list += "1]\n";
  ExpectRefused("validate", Write("list.yaml", list), "bytes");
}

TEST_F(HostileInputTest, AFlowListJustWithinTheSizeLimitIsRefused) {
  std::string list = "jobs: [";
  while (list.size() < (250 << 10)) list += "1,";
  list += "1]\n";
  ExpectRefused("validate", Write("list.yaml", list), "more than 20000 of ',', '[' and '{'");
}

TEST_F(HostileInputTest, EmptyBinaryAndWrongTypesAreRefused) {
  ExpectRefused("validate", Hostile("empty.yaml"), "the file holds no test case");
  ExpectRefused("validate", Hostile("binary.yaml"), "binary.yaml:1:1: control character");
  ExpectRefused("validate", Hostile("wrong_types.yaml"), "numBatches");
}

TEST_F(HostileInputTest, AliasBombsCyclesAndDeepNestingAreRefused) {
  ExpectRefused("validate", Hostile("alias_bomb.yaml"),
                "YAML nodes (counting what aliases repeat)");
  ExpectRefused("validate", Hostile("cycle.yaml"), "an alias inside the node it refers to");
  ExpectRefused("validate", Hostile("deep_flow.yaml"), "nested");
  ExpectRefused("validate", Hostile("deep_block.yaml"), "nested");
}

TEST_F(HostileInputTest, ABillionJobBatchIsRefusedByValidate) {
  ExpectRefused("validate", Hostile("huge_batch.yaml"),
                "batchSize: 1000000000 copies of 1 job(s) make a submit request of about");
}

}  // namespace
}  // namespace armada::cli
