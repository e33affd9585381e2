#include "report/run_info.h"

namespace armada::report {

std::string SuiteName(const std::string& tests_pattern, const std::string& generation) {
  return generation.empty() ? tests_pattern : tests_pattern + " [Armada " + generation + "]";
}

}  // namespace armada::report
