// Rules about a test case that its protobuf types cannot express, checked
// after the YAML has been read so errors still point into the file.
#pragma once

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

}  // namespace armada::testcase
