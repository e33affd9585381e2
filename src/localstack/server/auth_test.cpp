#include "localstack/server/auth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "localstack/server/callers.h"

namespace armada::localstack {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/auth-test-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(Auth, AMissingTokenFileIsCreatedPrivateWithAFreshToken) {
  TempDir dir;
  const std::string file = dir.path() + "/token";
  auto token = LoadOrCreateToken(file);
  ASSERT_TRUE(token.ok()) << token.status().message();
  EXPECT_EQ(token->size(), 64u);
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto again = LoadOrCreateToken(file);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *token);
  EXPECT_NE(*GenerateToken(), *token);
}

TEST(Auth, AReadableOrEmptyTokenFileIsRefused) {
  TempDir dir;
  const std::string file = dir.path() + "/token";
  std::ofstream(file) << "abc\n";
  ::chmod(file.c_str(), 0644);
  auto open = LoadOrCreateToken(file);
  ASSERT_FALSE(open.ok());
  EXPECT_THAT(open.status().message(), HasSubstr("can be read by others (mode 644); chmod 600"));
  EXPECT_THAT(open.status().message(), ::testing::Not(HasSubstr("abc")));
  ::chmod(file.c_str(), 0600);
  EXPECT_EQ(*LoadOrCreateToken(file), "abc");
  std::ofstream(file) << "\n";
  EXPECT_THAT(LoadOrCreateToken(file).status().message(), HasSubstr("holds no token"));
  const std::string link = dir.path() + "/link";
  fs::create_symlink(file, link);
  EXPECT_FALSE(LoadOrCreateToken(link).ok());
}

grpc::Status Check(CallerAuthProcessor& processor, const std::string* header) {
  grpc::AuthMetadataProcessor::InputMetadata metadata;
  if (header != nullptr) metadata.emplace("authorization", *header);
  grpc::AuthMetadataProcessor::OutputMetadata consumed, response;
  return processor.Process(metadata, nullptr, &consumed, &response);
}

TEST(Auth, WithoutAnAuthSectionOnlyTheRightBearerTokenPasses) {
  auto callers = Callers::Make("s3cret", "/run/t", config::Auth());
  ASSERT_TRUE(callers.ok());
  CallerAuthProcessor processor(std::move(callers).value());
  const std::string right = "bearer s3cret", capital = "Bearer s3cret", wrong = "bearer s3cre",
                    longer = "bearer s3cretx", basic = "basic czNjcmV0";
  EXPECT_TRUE(Check(processor, &right).ok());
  EXPECT_TRUE(Check(processor, &capital).ok());
  for (const std::string* bad : {&wrong, &longer, &basic}) {
    const grpc::Status s = Check(processor, bad);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << *bad;
    EXPECT_THAT(s.error_message(), ::testing::Not(HasSubstr("s3cret")));
  }
  const grpc::Status none = Check(processor, nullptr);
  EXPECT_EQ(none.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(none.error_message(), HasSubstr("--token-file /run/t"));
}

TEST(Auth, LoopbackHosts) {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "localhost", "[::1]", "::1"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
  for (const char* host : {"0.0.0.0", "", "[::]", "10.0.0.1", "127.0.0.1.example.com", "127.evil",
                           "localhost.example.com"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

}  // namespace
}  // namespace armada::localstack
