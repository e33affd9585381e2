#include "cli/local_target.h"

#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "cli/host_environment.h"
#include "common/token_file.h"
#include "localstack/config/executor_config.h"

namespace armada::cli {

namespace {

// Where --local writes armada-localstack's log: beside the JUnit report, else
// in a fresh temp directory (kept only when a test did not pass).
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

}  // namespace

StatusOr<std::unique_ptr<LocalTarget>> LocalTarget::Start(const RunOptions& options) {
  auto binary = FindLocalStackBinary();
  if (!binary.ok()) return binary.status();
  auto executor_config = options.executor_config.empty()
                             ? FindExecutorConfig()
                             : StatusOr<std::string>(options.executor_config);
  if (!executor_config.ok()) return executor_config.status();
  auto parsed = localstack::LoadExecutorConfig(*executor_config);
  if (!parsed.ok()) return parsed.status();
  std::vector<std::string> localstack_args = options.localstack_args;
  auto nodes = LocalstackNodes(*executor_config, parsed->cluster_id, &localstack_args);
  if (!nodes.ok()) return nodes.status();
  // Made once nothing before the server can fail, and owned by the target
  // from then on: a run that cannot start leaves no empty folder behind.
  auto log_path = LocalStackLogPath(options.junit);
  if (!log_path.ok()) return log_path.status();

  std::unique_ptr<LocalTarget> target(new LocalTarget());
  target->nodes_ = std::move(nodes).value();
  if (options.junit.empty()) {
    target->temp_log_dir_ = std::filesystem::path(*log_path).parent_path().string();
  }
  spdlog::info("starting {} with {}; its log: {}", *binary, *executor_config, *log_path);
  // The token travels by file, never on a command line.
  char token_dir[] = "/tmp/armada-testsuite-token-XXXXXX";
  if (mkdtemp(token_dir) == nullptr) {
    return Status::Error("cannot create a directory for armada-localstack's token: " +
                         std::string(std::strerror(errno)));
  }
  target->token_dir_ = token_dir;
  const std::string token_file = target->token_dir_ + "/token";
  auto stack = LocalStackProcess::Start(*binary, *executor_config, *log_path, token_file,
                                        std::chrono::seconds(30), localstack_args);
  if (!stack.ok()) return stack.status();
  target->stack_ = std::move(stack).value();
  target->warnings_ = std::make_unique<LocalStackWarnings>(*log_path);
  auto token = ReadTokenFile(token_file);
  if (!token.ok()) return token.status();
  target->client_.armada_url = target->stack_->address();
  target->client_.force_no_tls = true;
  target->client_.auth.bearer_token = *token;
  spdlog::debug("armada-localstack listening on {}", target->stack_->address());
  return target;
}

LocalTarget::~LocalTarget() {
  if (stack_ != nullptr) stack_->Stop();
  warnings_.reset();  // done reading the log
  if (!temp_log_dir_.empty()) {
    std::error_code ignored;
    if (remove_log_dir_) {
      std::filesystem::remove_all(temp_log_dir_, ignored);
    } else {
      spdlog::info("armada-localstack's log is kept: {}/armada-localstack.log", temp_log_dir_);
    }
  }
  if (!token_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(token_dir_, ignored);
  }
}

}  // namespace armada::cli
