// Where a run's armadactl client config and its connection overrides come
// from, as Armada's Go client finds them (pkg/client/command_line.go,
// LoadCommandlineArgsFromConfigFile and
// ExtractCommandlineArmadaApiConnectionDetails, same at v0.20.40 and v0.22.7):
//
// - The file: --config when given, which must exist (else an error, "could
//   not find config file F"); else $HOME/.armadactl with the first extension
//   viper looks for (json, toml, yaml, yml, properties, props, prop, hcl,
//   tfvars, dotenv, env, ini) that exists; else armadactl-defaults.yaml
//   beside the executable when it exists (read only then: a found file
//   replaces it, it is not merged). This runner reads YAML and JSON; a
//   found file of another format is an error saying so.
// - The context: --context, else $CURRENTCONTEXT, else the file's
//   currentContext (viper's AutomaticEnv, no prefix).
// - The URL: --armadaUrl, else $ARMADAURL. Without a context it is the URL;
//   with one it replaces the context's armadaUrl only when it is not exactly
//   localhost:50051 (the flag's default, which Go cannot tell from unset).
#pragma once

#include <string>

#include "common/status.h"

namespace armada::cli {

// The config file to read, per the rule above; "" for none. home may be
// null; exe_dir is the folder of the running executable.
StatusOr<std::string> FindClientConfig(const std::string& config_flag, const char* home,
                                       const std::string& exe_dir);

// The folder of the running executable ("" when /proc does not say).
std::string ExecutableDir();

// A flag's value, else the environment variable's (empty when neither).
std::string FlagOrEnv(const std::string& flag, const char* variable);

// Whether a URL from --armadaUrl or $ARMADAURL replaces the config's: always
// without a context, else only when it is not localhost:50051.
bool UrlOverridesConfig(const std::string& url, bool config_has_context);

}  // namespace armada::cli
