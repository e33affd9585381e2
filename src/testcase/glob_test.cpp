#include "testcase/glob.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace armada::testcase {
namespace {
namespace fs = std::filesystem;

class GlobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/spec_glob_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    for (const char* file : {"a.yaml", "b.yml", "notes.txt", "UPPER.YAML", "basic/submit.yaml",
                             "basic/cancel.yaml", "basic/readme.md", "basic/deep/x/y.yaml",
                             "other/z.yaml", ".hidden/h.yaml", "basic/.dot.yaml"}) {
      fs::create_directories((fs::path(root_) / file).parent_path());
      std::ofstream(fs::path(root_) / file) << "queue: q\n";
    }
    fs::create_directories(fs::path(root_) / "dir.yaml");  // a directory, never a match
  }
  void TearDown() override { fs::remove_all(root_); }

  std::vector<std::string> Expand(const std::string& patterns) {
    auto files = ExpandPatterns(patterns);
    EXPECT_TRUE(files.ok()) << files.status().message();
    return files.ok() ? *files : std::vector<std::string>{};
  }
  std::string P(const std::string& relative) { return root_ + "/" + relative; }

  std::string root_;
};

TEST_F(GlobTest, StarMatchesWithinOneDirectoryAndOnlyYaml) {
  EXPECT_EQ(Expand(P("*")), (std::vector<std::string>{P("UPPER.YAML"), P("a.yaml"), P("b.yml")}));
  EXPECT_EQ(Expand(P("basic/*.yaml")),
            (std::vector<std::string>{P("basic/cancel.yaml"), P("basic/submit.yaml")}));
}

TEST_F(GlobTest, DoubleStarMatchesAnyDepthIncludingNone) {
  EXPECT_EQ(Expand(P("**/*.yaml")),
            (std::vector<std::string>{P("a.yaml"), P("basic/cancel.yaml"), P("basic/deep/x/y.yaml"),
                                      P("basic/submit.yaml"), P("other/z.yaml")}));
  EXPECT_EQ(Expand(P("basic/**")),
            (std::vector<std::string>{P("basic/cancel.yaml"), P("basic/deep/x/y.yaml"),
                                      P("basic/submit.yaml")}));
  EXPECT_EQ(Expand(P("**/y.yaml")), (std::vector<std::string>{P("basic/deep/x/y.yaml")}));
}

TEST_F(GlobTest, QuestionMarkMatchesOneCharacter) {
  EXPECT_EQ(Expand(P("?.y*ml")), (std::vector<std::string>{P("a.yaml"), P("b.yml")}));
}

TEST_F(GlobTest, CommaListsAreSortedAndDeduplicated) {
  EXPECT_EQ(Expand(P("other/*.yaml") + " , " + P("a.yaml") + "," + P("*.yaml") + ",,"),
            (std::vector<std::string>{P("a.yaml"), P("other/z.yaml")}));
}

TEST_F(GlobTest, BracesGiveAlternativesAsInAShell) {
  // Armada's CI folders in one pattern, as a user types them.
  EXPECT_EQ(Expand(P("{basic,other}/*.yaml")),
            (std::vector<std::string>{P("basic/cancel.yaml"), P("basic/submit.yaml"),
                                      P("other/z.yaml")}));
  // Beside other patterns of the list, nested, and within a name.
  EXPECT_EQ(Expand(P("a.yaml") + "," + P("{other,basic{/deep/x,}}/*.yaml,") + P("b.yml")),
            (std::vector<std::string>{P("a.yaml"), P("b.yml"), P("basic/cancel.yaml"),
                                      P("basic/deep/x/y.yaml"), P("basic/submit.yaml"),
                                      P("other/z.yaml")}));
}

// go-zglob v0.0.6 roots a pattern at the folder before its first '*' or
// '{': alternatives are matched below it, and one matching nothing is no error.
TEST_F(GlobTest, AlternativesShareTheRootFolderAsInGoZglob) {
  EXPECT_EQ(Expand(P("{basic,missing}/*.yaml")),
            (std::vector<std::string>{P("basic/cancel.yaml"), P("basic/submit.yaml")}));
}

TEST_F(GlobTest, AMissingRootFolderIsAnErrorNamingIt) {
  auto missing = ExpandPatterns(P("missing/{a,b}/*.yaml"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no folder " + P("missing")), std::string::npos)
      << missing.status().message();
}

TEST_F(GlobTest, AnExistingFolderWithoutAMatchIsReportedAndTheOthersGoOn) {
  std::vector<std::string> unmatched;
  auto files = ExpandPatterns(P("other/*.yaml") + "," + P("basic/deep/*.yaml"), &unmatched);
  ASSERT_TRUE(files.ok()) << files.status().message();
  EXPECT_EQ(*files, (std::vector<std::string>{P("other/z.yaml")}));
  ASSERT_EQ(unmatched.size(), 1u);
  EXPECT_NE(unmatched[0].find(P("basic/deep/*.yaml") + "\" matches no"), std::string::npos);
  // Nothing at all matched: no files, no error; the caller decides.
  unmatched.clear();
  auto none = ExpandPatterns(P("basic/deep/*.yaml"), &unmatched);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(unmatched.size(), 1u);
}

TEST_F(GlobTest, TildeAndVariablesExpandOnlyInPatternsWithWildcardsAsInGoZglob) {
  const char* saved_home = std::getenv("HOME");
  const std::string home = saved_home != nullptr ? saved_home : "";
  setenv("HOME", root_.c_str(), 1);
  setenv("GLOB_TEST_DIR", "\"basic\"", 1);
  setenv("(GLOB_TEST_DIR)", "(other)", 1);
  EXPECT_EQ(Expand("~/basic/*.yaml"),
            (std::vector<std::string>{P("basic/cancel.yaml"), P("basic/submit.yaml")}));
  EXPECT_EQ(Expand(P("$GLOB_TEST_DIR/s*.yaml")),
            (std::vector<std::string>{P("basic/submit.yaml")}));
  // go-zglob reads $(NAME) as the variable named "(NAME)", trimming "()" off its value.
  EXPECT_EQ(Expand(P("$(GLOB_TEST_DIR)/*.yaml")), (std::vector<std::string>{P("other/z.yaml")}));
  // Without a wildcard nothing expands: the file is looked up as written.
  EXPECT_FALSE(ExpandPatterns("~/a.yaml").ok());
  // ${NAME} and a one-letter $X stay as written.
  EXPECT_FALSE(ExpandPatterns(P("${GLOB_TEST_DIR}/*.yaml")).ok());
  unsetenv("GLOB_TEST_DIR");
  unsetenv("(GLOB_TEST_DIR)");
  setenv("HOME", home.c_str(), 1);
}

TEST_F(GlobTest, BracesWithoutAlternativesAreLiteral) {
  fs::create_directories(fs::path(root_) / "{x}");
  std::ofstream(fs::path(root_) / "{x}" / "c.yaml") << "queue: q\n";
  EXPECT_EQ(Expand(P("{x}/*.yaml")), (std::vector<std::string>{P("{x}/c.yaml")}));
  // An unclosed brace: the list splits at every comma, as before braces.
  auto open = ExpandPatterns(P("{basic") + "," + P("other/*.yaml"));
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.status().message().find("pattern \"" + P("{basic") + "\" matches no"),
            std::string::npos)
      << open.status().message();
}

TEST_F(GlobTest, AlternativesAreBounded) {
  std::string pattern = P("");
  for (int i = 0; i < 13; ++i) pattern += "{a,b}";
  auto many = ExpandPatterns(pattern);
  ASSERT_FALSE(many.ok());
  EXPECT_NE(many.status().message().find("more than 4096 alternatives"), std::string::npos)
      << many.status().message();
}

TEST_F(GlobTest, HiddenNamesNeedAnExplicitDot) {
  EXPECT_EQ(Expand(P(".hidden/*.yaml")), (std::vector<std::string>{P(".hidden/h.yaml")}));
  EXPECT_EQ(Expand(P("basic/.*.yaml")), (std::vector<std::string>{P("basic/.dot.yaml")}));
}

TEST_F(GlobTest, RelativePatternsGiveRelativePaths) {
  const fs::path saved = fs::current_path();
  fs::current_path(root_);
  auto files = ExpandPatterns("basic/*.yaml,*.yml");
  fs::current_path(saved);
  ASSERT_TRUE(files.ok()) << files.status().message();
  EXPECT_EQ(*files, (std::vector<std::string>{"b.yml", "basic/cancel.yaml", "basic/submit.yaml"}));
}

TEST_F(GlobTest, PatternMatchingNothingIsAnErrorNamingIt) {
  auto none = ExpandPatterns(P("a.yaml") + "," + P("missing/**/*.yaml"));
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find(P("missing/**/*.yaml")), std::string::npos);
  EXPECT_FALSE(ExpandPatterns(P("*.txt")).ok());  // matches, but no yaml
  EXPECT_FALSE(ExpandPatterns(P("notes.txt")).ok());
  EXPECT_FALSE(ExpandPatterns(P("nope.yaml")).ok());
  EXPECT_FALSE(ExpandPatterns(P("dir.yaml")).ok());
  EXPECT_FALSE(ExpandPatterns(" , ").ok());
}

TEST(GlobMatchTest, MatchesText) {
  EXPECT_TRUE(GlobMatch("testcases/**/*.yaml", "testcases/basic/submit_1x1.yaml"));
  EXPECT_TRUE(GlobMatch("testcases/**/*.yaml", "testcases/top.yaml"));
  EXPECT_TRUE(GlobMatch("a/?/c", "a/b/c"));
  EXPECT_FALSE(GlobMatch("a/*/c", "a/b/x/c"));
  EXPECT_FALSE(GlobMatch("*.yaml", ".hidden.yaml"));
  EXPECT_FALSE(GlobMatch("/a/*", "a/b"));
  EXPECT_TRUE(GlobMatch("*x*y*", "axbxcy"));
}

}  // namespace
}  // namespace armada::testcase
