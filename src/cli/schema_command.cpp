#include <iostream>

#include "cli/commands.h"
#include "testcase/json_schema.h"

namespace armada::cli {

void AddSchemaCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "schema",
      "Print the JSON Schema of the test case format (committed as testcases/schema.json; "
      "point editors at it with `# yaml-language-server: $schema=PATH`)");
  cmd->callback([exit_code] {
    std::cout << testcase::TestCaseJsonSchema();
    *exit_code = std::cout.good() ? 0 : 1;
  });
}

}  // namespace armada::cli
