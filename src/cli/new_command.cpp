// `armada-testsuite new PATH [--kind succeed|oom|user-error|cancel]`: writes
// PATH.yaml (".yaml" added when missing), a one-job test case of that kind
// to start from, which `validate` accepts and `test --local` passes with the
// shipped executor config (Armada v0.20.37-v0.20.40's categories; the file
// says what to change for v0.20.41 on). Never overwrites a file; refuses a
// name `--filter` could not pick out plainly. Exits 0 when written, 2 else.
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/usage.h"
#include "report/file_output.h"

namespace armada::cli {
namespace {

struct Kind {
  const char* description;  // the file's first comment
  const char* command;      // the container's command, as YAML
  const char* expect;       // the document after `---`
};

const std::map<std::string, Kind>& Kinds() {
  static const std::map<std::string, Kind> kinds = {
      {"succeed",
       {"One job that exits 0.", R"(["sh", "-c", "echo hello"])",
        "timeout: \"100s\"\nexpectedEvents:\n  - submitted:\n  - succeeded:\n"}},
      {"oom",
       {"One job that fills a tmpfs past its 25Mi memory limit: the kernel kills it and\n"
        "# the executor's errorCategories file the failure under \"oom\".",
        R"(["sh", "-c", "dd if=/dev/zero of=/dev/shm/fill bs=1M count=256"])",
        "timeout: \"300s\"\nexpectedEvents:\n  - submitted:\n  - failed:\n"
        "      # Armada v0.20.41 on (map-form errorCategories): failureCategory: oom\n"
        "      categories: [\"oom\"]\n"}},
      {"user-error",
       {"One job that exits 1, which the executor's errorCategories file under\n"
        "# \"user_error\".",
        R"(["sh", "-c", "exit 1"])",
        "timeout: \"300s\"\nexpectedEvents:\n  - submitted:\n  - failed:\n"
        "      # Armada v0.20.41 on (map-form errorCategories): failureCategory: user_error\n"
        "      categories: [\"user_error\"]\n"}},
      {"cancel",
       {"One long job, cancelled with its whole job set once it is queued.", R"(["sleep", "100"])",
        "triggerEvent: queued\ncancelJobSet:\n  request:\ntimeout: \"100s\"\n"
        "expectedEvents:\n  - submitted:\n  - cancelled:\n"}},
  };
  return kinds;
}

// The schema modeline's path from folder, when a testcases/schema.json (or a
// schema.json) is found in it or above it.
std::string SchemaPath(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::path dir = std::filesystem::absolute(folder, error);
  for (; !error && !dir.empty(); dir = dir.parent_path()) {
    for (const auto& candidate : {dir / "schema.json", dir / "testcases" / "schema.json"}) {
      if (std::filesystem::is_regular_file(candidate, error)) {
        return std::filesystem::relative(candidate, std::filesystem::absolute(folder), error)
            .string();
      }
    }
    if (dir == dir.root_path()) break;
  }
  return "";
}

std::string Render(const Kind& kind, const std::string& schema) {
  std::string out;
  if (!schema.empty()) out += "# yaml-language-server: $schema=" + schema + "\n";
  out += std::string("# ") + kind.description + "\n";
  out += "# Check it: armada-testsuite validate --tests FILE\n";
  out += "# Run it:   armada-testsuite test --local --tests FILE\n";
  out += "labels: [new]\n";
  out += "queue: e2e-test-queue\n";
  out +=
      "jobs:\n  - namespace: default\n    podSpec:\n      restartPolicy: Never\n"
      "      terminationGracePeriodSeconds: 0\n      containers:\n        - name: main\n"
      "          image: alpine:3.20.0\n";
  out += std::string("          command: ") + kind.command + "\n";
  out +=
      "          resources:\n            limits: {memory: 25Mi, cpu: 100m}\n"
      "            requests: {memory: 25Mi, cpu: 100m}\n";
  out += "---\n";
  out += kind.expect;
  return out;
}

Status WriteNew(std::string path, const std::string& kind_name) {
  const auto kind = Kinds().find(kind_name);
  if (kind == Kinds().end()) {
    return Status::Error("--kind " + kind_name + ": one of succeed, oom, user-error, cancel");
  }
  if (path.size() < 5 || path.compare(path.size() - 5, 5, ".yaml") != 0) path += ".yaml";
  const std::filesystem::path file(path);
  const std::string name = file.stem().string();
  if (name.empty() ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos) {
    return Status::Error(path +
                         ": a test's name (the file's name) should be lower-case letters, "
                         "digits, '_' and '-', e.g. my_case");
  }
  std::error_code error;
  if (std::filesystem::exists(file, error)) {
    return Status::Error(path + " exists already: choose another name, or remove it first");
  }
  const std::filesystem::path folder = file.parent_path().empty() ? "." : file.parent_path();
  std::filesystem::create_directories(folder, error);
  if (error) return Status::Error("cannot create " + folder.string() + ": " + error.message());
  if (Status s =
          report::WriteWhole(path, Render(kind->second, SchemaPath(folder)), "the test case");
      !s.ok()) {
    return s;
  }
  std::cout << "wrote " << path << " (" << kind_name << "); try it:\n"
            << "  armada-testsuite validate --tests " << path << "\n"
            << "  armada-testsuite test --local --tests " << path << "\n";
  return Status();
}

}  // namespace

void AddNewCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "new",
      "Write a one-job test case to start from: PATH.yaml, of --kind succeed (default), "
      "oom, user-error or cancel");
  struct Options {
    std::string path, kind = "succeed";
  };
  auto options = std::make_shared<Options>();
  cmd->add_option("PATH", options->path, "The file to write (.yaml added when missing)")
      ->required();
  cmd->add_option("--kind", options->kind, "succeed, oom, user-error or cancel")
      ->capture_default_str();
  cmd->callback([options, exit_code] {
    const Status written = WriteNew(options->path, options->kind);
    if (!written.ok()) std::cerr << "error: " << written.message() << "\n";
    *exit_code = written.ok() ? 0 : kUsageExit;
  });
}

}  // namespace armada::cli
