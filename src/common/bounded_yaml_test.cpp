#include "common/bounded_yaml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace armada {
namespace {

using ::testing::HasSubstr;

YamlLimits TwoDocuments() {
  YamlLimits limits;
  limits.max_bytes = 16 << 20;
  limits.max_documents = 2;
  return limits;
}

// The refusal's "LINE:COLUMN: MESSAGE".
std::string Refusal(const std::string& text, const YamlLimits& limits = TwoDocuments()) {
  const ParsedYaml parsed = ParseYaml(text, limits);
  if (!parsed.error) {
    ADD_FAILURE() << "accepted";
    return "";
  }
  EXPECT_TRUE(parsed.documents.empty());
  return std::to_string(parsed.error->line) + ":" + std::to_string(parsed.error->column) + ": " +
         parsed.error->message;
}

TEST(BoundedYaml, OrdinaryDocumentsLoad) {
  const ParsedYaml parsed = ParseYaml("a: &x [1, 2]\nb: *x\n---\nc: {d: e}\n", TwoDocuments());
  ASSERT_FALSE(parsed.error) << parsed.error->message;
  ASSERT_EQ(parsed.documents.size(), 2u);
  EXPECT_EQ(parsed.documents[0]["b"][1].as<int>(), 2);
  EXPECT_EQ(parsed.documents[1]["c"]["d"].as<std::string>(), "e");
  EXPECT_TRUE(ParseYaml("", TwoDocuments()).documents.empty());
}

TEST(BoundedYaml, ALoneCommaIsASyntaxErrorNotAnEndlessLoop) {
  EXPECT_EQ(Refusal(",\n"), "1:1: YAML syntax error: unexpected ','");
  YamlLimits many = TwoDocuments();
  many.max_documents = 10;
  EXPECT_EQ(Refusal("a: 1\n---\n,\n", many), "3:1: YAML syntax error: unexpected ','");
}

TEST(BoundedYaml, AHugeFlowListIsRefusedBeforeParsing) {
  std::string list = "[";
  while (list.size() < (16 << 20) - 8) list += "1,";
  list += "1]";
  EXPECT_EQ(Refusal(list),
            "1:200001: more than 100000 of ',', '[' and '{' (each may start a YAML node)");
}

TEST(BoundedYaml, ABlockListIsRefusedAtTheNodeLimit) {
  std::string list;
  while (list.size() < (1 << 20)) list += "- 1\n";
  EXPECT_EQ(Refusal(list), "100000:3: more than 100000 YAML nodes (counting what aliases repeat)");
}

TEST(BoundedYaml, AnAliasBombIsRefusedForWhatItExpandsTo) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char name = 'b'; name <= 'j'; ++name) {
    bomb += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", " : "") + "*" + char(name - 1);
    bomb += "]\n";
  }
  EXPECT_THAT(Refusal(bomb), HasSubstr("YAML nodes (counting what aliases repeat)"));
}

TEST(BoundedYaml, ACycleIsRefused) {
  EXPECT_THAT(Refusal("a: &a [*a]\n"), HasSubstr("1:8: an alias inside the node it refers to"));
}

TEST(BoundedYaml, DeepNestingIsRefused) {
  EXPECT_THAT(Refusal(std::string(20000, '[') + std::string(20000, ']')), HasSubstr("YAML nested"));
  std::string block;
  for (int i = 0; i < 200; ++i) block += std::string(i, ' ') + "k:\n";
  EXPECT_THAT(Refusal(block), HasSubstr("YAML nested more than 100 levels deep"));
}

TEST(BoundedYaml, DocumentsAndBytesAreCounted) {
  EXPECT_EQ(Refusal("a\n---\nb\n---\nc\n"), "4:1: more than 2 YAML document(s) in one file");
  YamlLimits small;
  small.max_bytes = 4;
  EXPECT_EQ(Refusal("a: 12\n", small), "1:1: 6 bytes, more than the 4 allowed");
}

TEST(BoundedYaml, SyntaxErrorsHaveAPosition) {
  EXPECT_EQ(Refusal("a: [1, 2\n"), "2:1: YAML syntax error: end of sequence flow not found");
}

class TempDir {
 public:
  TempDir() {
    char templ[] = "/tmp/bounded-yaml-XXXXXX";
    path_ = ::mkdtemp(templ);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string path = path_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(BoundedYaml, FilesAreReadWithinTheirLimit) {
  TempDir dir;
  YamlLimits limits;
  limits.max_bytes = 100;
  auto ok = ReadYamlFile(dir.Write("ok.yaml", "a: 1\n"), limits);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ((*ok)[0]["a"].as<int>(), 1);

  const std::string big = dir.Write("big.yaml", std::string(101, '#'));
  EXPECT_EQ(ReadYamlFile(big, limits).status().message(), big + ": is larger than 100 bytes");
  EXPECT_THAT(ReadYamlFile(dir.path(), limits).status().message(), HasSubstr("is a directory"));
  EXPECT_THAT(ReadYamlFile(dir.path() + "/missing", limits).status().message(),
              HasSubstr("missing: cannot read: No such file or directory"));
  const std::string comma = dir.Write("comma.yaml", ",\n");
  EXPECT_EQ(ReadYamlFile(comma, limits).status().message(),
            comma + ":1:1: YAML syntax error: unexpected ','");
}

}  // namespace
}  // namespace armada
