// Reading a JUnit report the way the CLI's end-to-end tests check it.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace armada::cli::testing {

// Test name -> the message attribute of its <element> (failure, error,
// skipped); "" when it has none. An unreadable file throws
// boost::property_tree's error, which fails the test with its words.
std::map<std::string, std::string> JUnitMessages(const std::filesystem::path& path,
                                                 const std::string& element);

}  // namespace armada::cli::testing
