// ci/Dockerfile cannot be built here (no container engine, and Debian has no
// Dockerfile linter): check that every COPY from the build context names a
// file or directory that exists, that what the runtime stage copies from the
// build stage is made there, and that the runtime stage installs no compiler,
// including through the package list scripts/runtime-packages.sh derives from
// the binaries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "deploy/testing/shell_command.h"

namespace armada::deploy {
namespace {

using testing::BinaryDir;
using testing::RunShell;
using testing::ShellQuote;
using testing::ShellResult;
using testing::SourceDir;

using ::testing::HasSubstr;
using ::testing::Not;

struct Instruction {
  std::string keyword;
  std::vector<std::string> words;
  std::string text;  // after the keyword, continuation lines joined
};

// Stage name -> its instructions, in order.
std::map<std::string, std::vector<Instruction>> Stages(const std::string& path) {
  std::ifstream in(path);
  std::map<std::string, std::vector<Instruction>> stages;
  std::string stage, line, logical;
  auto flush = [&] {
    std::istringstream words(logical);
    Instruction instruction;
    words >> instruction.keyword;
    std::getline(words, instruction.text);
    std::istringstream rest(instruction.text);
    for (std::string word; rest >> word;) instruction.words.push_back(word);
    if (instruction.keyword == "FROM") {
      stage = instruction.words.back();
    } else if (!instruction.keyword.empty()) {
      stages[stage].push_back(instruction);
    }
    logical.clear();
  };
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (!line.empty() && line.back() == '\\') {
      logical += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    logical += line;
    flush();
  }
  return stages;
}

const std::string kDockerfile = SourceDir() + "/ci/Dockerfile";

TEST(DockerfileTest, TwoStagesOnDebian12) {
  const auto stages = Stages(kDockerfile);
  EXPECT_EQ(stages.size(), 2u);
  EXPECT_TRUE(stages.count("build"));
  EXPECT_TRUE(stages.count("runtime"));
  std::ifstream in(kDockerfile);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_THAT(text, HasSubstr("FROM debian:12 AS build\n"));
  EXPECT_THAT(text, HasSubstr("FROM debian:12-slim AS runtime\n"));
}

TEST(DockerfileTest, EveryCopySourceExists) {
  int copies = 0;
  for (const auto& [stage, instructions] : Stages(kDockerfile)) {
    for (const Instruction& copy : instructions) {
      if (copy.keyword != "COPY" || copy.words.front().rfind("--from=", 0) == 0) continue;
      for (size_t i = 0; i + 1 < copy.words.size(); ++i) {
        EXPECT_TRUE(std::filesystem::exists(SourceDir() + "/" + copy.words[i]))
            << stage << ": COPY " << copy.words[i];
        ++copies;
      }
    }
  }
  EXPECT_GE(copies, 6);
}

// The build stage configures the top-level CMakeLists.txt: every directory it
// adds, and every top-level file it installs, must be in the build context.
TEST(DockerfileTest, BuildStageCopiesEveryDirectoryTheBuildReads) {
  const auto stages = Stages(kDockerfile);
  std::vector<std::string> copied;
  for (const Instruction& copy : stages.at("build")) {
    if (copy.keyword == "COPY") copied.push_back(copy.words.front());
  }
  std::ifstream in(SourceDir() + "/CMakeLists.txt");
  const std::string cmake((std::istreambuf_iterator<char>(in)), {});
  const std::regex read_dir(
      R"((?:add_subdirectory|install)\s*\(\s*(?:DIRECTORY\s+)?([A-Za-z0-9_.-]+)/?[\s)])");
  int dirs = 0;
  for (std::sregex_iterator it(cmake.begin(), cmake.end(), read_dir), end; it != end; ++it) {
    const std::string dir = (*it)[1].str();
    if (dir == "TARGETS") continue;
    EXPECT_THAT(copied, ::testing::Contains(dir + "/")) << "CMakeLists.txt reads " << dir << "/";
    ++dirs;
  }
  EXPECT_GE(dirs, 3);  // src, e2e-config, testcases
}

TEST(DockerfileTest, RuntimeCopiesOnlyWhatTheBuildStageMakes) {
  const auto stages = Stages(kDockerfile);
  std::string build_runs;
  for (const Instruction& instruction : stages.at("build")) {
    if (instruction.keyword == "RUN") build_runs += instruction.text;
  }
  int from_build = 0;
  for (const Instruction& copy : stages.at("runtime")) {
    if (copy.keyword != "COPY") continue;
    ASSERT_EQ(copy.words.front(), "--from=build") << copy.text;
    const std::string source = copy.words[1];
    // /stage/usr/local/ comes from `cmake --install --prefix /stage/usr/local`,
    // /stage/runtime-packages from scripts/runtime-packages.sh's output.
    const std::string made =
        source == "/stage/usr/local/" ? "--prefix /stage/usr/local" : "> " + source;
    EXPECT_THAT(build_runs, HasSubstr(made)) << source;
    ++from_build;
  }
  EXPECT_EQ(from_build, 2);
}

const char* const kToolchain[] = {"gcc",   "g++",         "clang", "build-essential",
                                  "cmake", "ninja-build", "cpp",   "libstdc++-12-dev",
                                  "make",  "setup.sh"};

TEST(DockerfileTest, RuntimeStageInstallsNoCompiler) {
  const auto stages = Stages(kDockerfile);
  for (const Instruction& instruction : stages.at("runtime")) {
    if (instruction.keyword != "RUN") continue;
    for (const std::string& word : instruction.words) {
      for (const char* tool : kToolchain) {
        EXPECT_NE(word, tool) << instruction.text;
        EXPECT_THAT(word, Not(HasSubstr(std::string("scripts/") + tool)));
      }
    }
    EXPECT_THAT(instruction.text, HasSubstr("xargs -a /tmp/runtime-packages apt-get install"));
  }
}

// Not a library the binaries load, so runtime-packages.sh cannot find it:
// armada-localstack runs alpine/busybox jobs with the host's busybox.
TEST(DockerfileTest, RuntimeStageInstallsBusyboxForLocalstackJobs) {
  const auto stages = Stages(kDockerfile);
  bool installs = false;
  for (const Instruction& instruction : stages.at("runtime")) {
    if (instruction.keyword != "RUN") continue;
    for (const std::string& word : instruction.words) installs = installs || word == "busybox";
  }
  EXPECT_TRUE(installs);
}

TEST(DockerfileTest, RuntimePackagesOfTheBinariesAreLibrariesOnly) {
  const ShellResult run =
      RunShell("bash " + ShellQuote(SourceDir() + "/scripts/runtime-packages.sh") + " " +
               ShellQuote(BinaryDir() + "/bin/armada-testsuite") + " " +
               ShellQuote(BinaryDir() + "/bin/armada-localstack"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::istringstream lines(run.output);
  std::vector<std::string> packages;
  for (std::string line; std::getline(lines, line);) packages.push_back(line);
  EXPECT_THAT(packages, ::testing::Contains(::testing::StartsWith("libgrpc++")));
  EXPECT_THAT(packages, ::testing::Contains(::testing::StartsWith("libyaml-cpp")));
  for (const std::string& package : packages) {
    EXPECT_THAT(package, Not(::testing::EndsWith("-dev")));
    for (const char* tool : kToolchain) EXPECT_NE(package, tool);
  }
}

}  // namespace
}  // namespace armada::deploy
