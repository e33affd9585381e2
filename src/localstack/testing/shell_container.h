// A container named `name` that runs `sh -c SCRIPT`: the container the
// kubelet's tests start.
#pragma once

#include <string>

#include "localstack/pod/job_spec.h"

namespace armada::localstack::testing {

inline ContainerSpec ShellContainer(const std::string& name, const std::string& script) {
  ContainerSpec c;
  c.set_name(name);
  c.add_command("sh");
  c.add_args("-c");
  c.add_args(script);
  return c;
}

}  // namespace armada::localstack::testing
