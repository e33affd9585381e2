#include "auth/exec_credentials.h"

#include <mutex>

#include "common/captured_command.h"

namespace armada::auth {
namespace {

std::string Trim(const std::string& text) {
  const char* space = " \t\r\n\v\f";
  const size_t first = text.find_first_not_of(space);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

class Exec : public Credentials {
 public:
  explicit Exec(const ExecAuth& settings) {
    command_.argv.push_back(settings.cmd);
    command_.argv.insert(command_.argv.end(), settings.args.begin(), settings.args.end());
    for (const auto& [name, value] : settings.env) command_.env.push_back(name + "=" + value);
    command_.interactive = settings.interactive;
    command_.timeout = settings.interactive ? std::chrono::minutes(5) : std::chrono::seconds(60);
    command_.max_stdout = 64 * 1024;
  }

  StatusOr<std::string> Authorization() override {
    // An interactive command must not prompt twice at once (as Go's mutex).
    std::lock_guard<std::mutex> lock(mu_);
    StatusOr<std::string> out = RunCapturingStdout(command_);
    if (!out.ok()) return Status::Error("execAuth: " + out.status().message());
    const std::string token = Trim(*out);
    if (token.empty()) return Status::Error("execAuth: " + command_.argv[0] + " printed no token");
    return "Bearer " + token;
  }

  std::string Mode() const override { return "execAuth"; }

 private:
  CapturedCommand command_;
  std::mutex mu_;
};

}  // namespace

std::shared_ptr<Credentials> ExecCredentials(const ExecAuth& settings) {
  return std::make_shared<Exec>(settings);
}

}  // namespace armada::auth
