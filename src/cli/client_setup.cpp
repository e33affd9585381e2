#include "cli/client_setup.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "cli/config_discovery.h"
#include "common/read_file.h"
#include "common/token_file.h"

namespace armada::cli {

namespace {

// A CA bundle; real ones are at most a few hundred KiB.
constexpr size_t kMaxCaBytes = 4 << 20;

Status ApplyTokenFlags(const RunOptions& options, runner::ClientConfig& config) {
  if (!options.token.empty() && !options.token_file.empty()) {
    return Status::Error("--token and --token-file: give one");
  }
  config.auth.bearer_token = options.token;
  if (!options.token_file.empty()) {
    auto token = ReadTokenFile(options.token_file);
    if (!token.ok()) return Status::Error("--token-file: " + token.status().message());
    config.auth.bearer_token = *token;
  }
  if (config.auth.bearer_token.empty()) {
    if (const char* token = std::getenv("ARMADA_TOKEN")) config.auth.bearer_token = token;
  }
  return Status();
}

Status ApplyCaFile(const std::string& ca_file, runner::ClientConfig& config) {
  if (ca_file.empty()) return Status();
  auto pem = ReadFileToString(ca_file, kMaxCaBytes);
  if (!pem.ok() || pem->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return Status::Error("--ca-file: " + ca_file + " holds no PEM certificate");
  }
  config.root_certificates = *pem;
  return Status();
}

}  // namespace

StatusOr<runner::ClientConfig> ResolveClientConfig(const RunOptions& options) {
  auto path = FindClientConfig(options.config, std::getenv("HOME"), ExecutableDir());
  if (!path.ok()) return path.status();
  const std::string context = FlagOrEnv(options.context, "CURRENTCONTEXT");
  runner::ClientConfig config;
  if (!path->empty()) {
    auto loaded = runner::LoadClientConfig(*path, context);
    if (!loaded.ok()) return loaded.status();
    config = *loaded;
  } else if (!context.empty()) {
    return Status::Error("context " + context +
                         " (--context or $CURRENTCONTEXT) needs a client config (--config)");
  }
  for (const std::string& warning : config.warnings) spdlog::warn("{}", warning);
  if (const std::string url = FlagOrEnv(options.armada_url, "ARMADAURL");
      UrlOverridesConfig(url, config.from_context)) {
    config.armada_url = url;
  }
  if (options.no_tls) config.force_no_tls = true;
  if (Status token = ApplyTokenFlags(options, config); !token.ok()) return token;
  if (Status ca = ApplyCaFile(options.ca_file, config); !ca.ok()) return ca;
  return config;
}

}  // namespace armada::cli
