// How the runner reaches an Armada it did not start: armadactl's client
// config, context and URL as Armada's Go client finds them
// (cli/config_discovery.h: --config, $HOME/.armadactl.*, armadactl-defaults.yaml
// beside the executable; $CURRENTCONTEXT, $ARMADAURL), then the other flags
// and ARMADA_TOKEN on top of it.
//
// On success: the configuration every call uses; each warning of the file's
// reading is logged. On failure: the error names the flag or file at fault
// (--token and --token-file together, an unreadable token or CA file, a
// --context without a config).
#pragma once

#include "cli/run_options.h"
#include "common/status.h"
#include "runner/client_config.h"

namespace armada::cli {

StatusOr<runner::ClientConfig> ResolveClientConfig(const RunOptions& options);

}  // namespace armada::cli
