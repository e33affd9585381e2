// The loader's fuzz target: any bytes, as a test case file, must give either
// a test case or an error naming the file, never a crash, hang, exception or
// unbounded memory. Built with -fsanitize=fuzzer as loader_fuzzer (clang), and
// into loader_corpus_test, which replays the seed corpus in every build.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "testcase/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string path = "fuzz.yaml";
  const auto spec = armada::testcase::ParseTestCase(text, path);
  if (!spec.ok()) {
    // Every error names the file.
    if (spec.status().message().rfind(path, 0) != 0) std::abort();
    return 0;
  }
  // What loads must be sendable: protobuf's readers refuse invalid UTF-8.
  api::TestSpec copy;
  if (!copy.ParseFromString(spec->SerializeAsString())) std::abort();
  return 0;
}
