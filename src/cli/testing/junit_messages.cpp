#include "cli/testing/junit_messages.h"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

namespace armada::cli::testing {

std::map<std::string, std::string> JUnitMessages(const std::filesystem::path& path,
                                                 const std::string& element) {
  boost::property_tree::ptree tree;
  boost::property_tree::read_xml(path.string(), tree);
  std::map<std::string, std::string> out;
  for (const auto& suite : tree.get_child("testsuites")) {
    if (suite.first != "testsuite") continue;
    for (const auto& test : suite.second) {
      if (test.first != "testcase") continue;
      out[test.second.get<std::string>("<xmlattr>.name")] =
          test.second.get<std::string>(element + ".<xmlattr>.message", "");
    }
  }
  return out;
}

}  // namespace armada::cli::testing
