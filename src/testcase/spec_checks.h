// Rules about a test case that its protobuf types cannot express, checked
// after the YAML has been read so errors still point into the file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/testspec.pb.h"
#include "testcase/diagnostics.h"

namespace armada::testcase {

// Adds an error to errors for each rule of runnable.h that spec breaks (the
// rules the runner enforces, in its words), positioned by positions (the
// paths yaml_to_proto.h records; the start of the file for a field the file
// never wrote). A rule about a field that already has an error in errors
// (from reading it) is not reported again. spec is the case as loading
// leaves it: defaults applied, names canonical. Also refuses a test that
// submits jobs without a `queue` (the server would refuse its submission).
void CheckTestSpec(const api::TestSpec& spec, const SourceMap& positions, ErrorList* errors);

// What a case is judged against beyond its file, for warnings: a run's
// settings (`validate` is given them as `test` would use them).
struct WarningContext {
  // The timeout of a case that sets none (`test --timeout`); "" for none.
  std::string default_timeout;
  // The failure categories the executor config can produce
  // (--executor-config) and its name; nullopt: not known, not checked.
  std::optional<std::vector<std::string>> categories;
  std::string categories_source;
};

// Adds a warning for what may run but is likely not what the author meant:
// a case with jobs and no `timeout` (it ends after context's default, where
// Armada's runner would wait forever), an expected category
// (failed.categories, failed.failureCategory) the executor config never
// produces (`OOMKilled`, the reason, for `oom`, the category).
void CheckTestSpecWarnings(const api::TestSpec& spec, const SourceMap& positions,
                           const WarningContext& context, ErrorList* warnings);

}  // namespace armada::testcase
