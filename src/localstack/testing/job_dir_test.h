// A test's own job directory, as the executor leaves one for JobLogs
// (kubelet/job_logs.h): ROOT/job, made for each test and removed after it,
// with container logs written into it by name.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace armada::localstack::testing {

class JobDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/job-dir-test-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    root_ = dir;
    std::filesystem::create_directories(root_ / "job");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  // ROOT/job/NAME holds `text`.
  void WriteLog(const std::string& name, const std::string& text) {
    std::ofstream(root_ / "job" / name, std::ios::binary) << text;
  }
  std::filesystem::path root_;
};

}  // namespace armada::localstack::testing
