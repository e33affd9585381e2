// The rooms of src/ and which may include which (src/localstack/CMakeLists.txt
// explains the localstack rooms). The libraries enforce most of it at link
// time; this test also catches a header-only include that links nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;

const fs::path kSrc = fs::path(ARMADA_TS_SOURCE_DIR) / "src";

// What each room's production files may include of src/localstack/.
const std::map<std::string, std::set<std::string>>& Allowed() {
  static const std::map<std::string, std::set<std::string>> allowed = {
      {"localstack/pod", {"pod"}},
      {"localstack/config", {"config", "pod"}},
      {"localstack/control", {"control", "config", "pod"}},
      {"localstack/init", {"init"}},
      {"localstack/kubelet", {"kubelet", "pod", "init"}},
      {"localstack/server", {"server", "control", "kubelet", "config", "pod", "init"}},
      {"localstack/testing", {"testing", "kubelet", "pod"}},
      {"localstack/conformance", {"conformance"}},
      // armada-testsuite reads armada-localstack's settings, nothing else of it.
      {"cli", {"config", "pod"}},
  };
  return allowed;
}

// Rooms of src/ that include nothing of armada-localstack.
const std::set<std::string> kIndependent = {"api",      "common", "http",   "kube",
                                            "testcase", "report", "runner", "deploy"};

struct Include {
  fs::path file;
  std::string room;  // "pod", "config", ... of "localstack/ROOM/x.h"
};

std::vector<Include> LocalstackIncludes(const fs::path& dir) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s*"localstack/([a-z_]+)/)re");
  std::vector<Include> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".h" && ext != ".cpp") continue;
    std::ifstream in(entry.path());
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
      if (std::regex_search(line, m, kInclude)) found.push_back({entry.path(), m[1]});
    }
  }
  return found;
}

bool IsTest(const fs::path& file) {
  const std::string name = file.filename().string();
  return name.size() > 9 && name.compare(name.size() - 9, 9, "_test.cpp") == 0;
}

TEST(Layering, EachRoomIncludesOnlyTheRoomsBelowIt) {
  for (const auto& [room, allowed] : Allowed()) {
    ASSERT_TRUE(fs::is_directory(kSrc / room)) << room;
    for (const Include& inc : LocalstackIncludes(kSrc / room)) {
      // Tests may also use the shared test support.
      if (IsTest(inc.file) && inc.room == "testing") continue;
      EXPECT_TRUE(allowed.count(inc.room))
          << fs::relative(inc.file, kSrc).string() << " includes localstack/" << inc.room
          << "/, which " << room << " may not";
    }
  }
}

TEST(Layering, OtherRoomsIncludeNothingOfLocalstack) {
  for (const std::string& room : kIndependent) {
    ASSERT_TRUE(fs::is_directory(kSrc / room)) << room;
    for (const Include& inc : LocalstackIncludes(kSrc / room)) {
      ADD_FAILURE() << fs::relative(inc.file, kSrc).string() << " includes localstack/" << inc.room
                    << "/";
    }
  }
}

TEST(Layering, EveryLocalstackFileIsInARoom) {
  for (const auto& entry : fs::directory_iterator(kSrc / "localstack")) {
    if (entry.is_directory()) {
      EXPECT_TRUE(Allowed().count("localstack/" + entry.path().filename().string()))
          << entry.path().filename() << " is a room the layering rules do not name";
      continue;
    }
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "CMakeLists.txt" || name == "layering_test.cpp")
        << name << " sits outside every room";
  }
}

}  // namespace
}  // namespace armada::localstack
