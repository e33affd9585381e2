// Loads Armada test case files (testcases/**/*.yaml) into api::TestSpec.
//
// A file holds one YAML document, or two separated by `---` (Armada's files
// put the jobs first and the expectations second); the documents merge into
// one TestSpec, and a field set in both is an error. The YAML notation is
// yaml_to_proto.h's; the rules checked beyond it are spec_checks.h's.
//
// Errors: a failed load's Status message holds every error found in the file,
// one per line, each `FILE:LINE:COLUMN: PATH: MESSAGE` (PATH is left out for
// an error about the file as a whole, such as a YAML syntax error).
//
// Defaults, as Armada's testsuite applies them:
// - name: the file name without its extension, when the test sets none;
// - jobSetId: always made unique per load so that a run sees only its own
//   events: the test's jobSetId, or when unset the file name without its
//   extension (as Armada), followed by "-" and a random 10-character suffix.
// and, on purpose unlike Armada (README, "Differences from Armada"):
// - numBatches and batchSize: 1 when the file does not set them and the test
//   has jobs (Armada reads an absent numBatches as 0, "submit until the test
//   ends", and has no default batchSize).
// Loading also rewrites triggerEvent to its canonical spelling
// (api/event_names.h), so the runner never sees an alias. Everything else
// keeps its proto default; an unset timeout means the runner's default
// (runner/environment.h's default_timeout: --timeout).
//
// The checks (spec_checks.h) judge the case as the runner will get it,
// defaults applied: what `validate` accepts, `test` runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/testspec.pb.h"
#include "common/status.h"
#include "testcase/spec_checks.h"

namespace armada::testcase {

// Parses one test case (YAML text of one or two documents separated by ---,
// merged into one TestSpec), validates it strictly and applies defaults.
// `path` names the file in errors and gives the default name.
StatusOr<api::TestSpec> ParseTestCase(std::string_view yaml, const std::string& path);

// Reads the file at path (common/read_file.h) and parses it as above. Text
// and file are bounded (common/bounded_yaml.h): at most 256 KiB, two
// documents, 20 000 YAML nodes (aliases counted at each use) and 100 levels,
// so no file decides how much memory or time loading takes. The file must be
// UTF-8 text; a directory is an error, not an empty test case.
StatusOr<api::TestSpec> LoadTestCase(const std::string& path);

// As LoadTestCase, and appends spec_checks.h's warnings about a case that
// loads to *warnings, one `FILE:LINE:COLUMN: PATH: MESSAGE` each.
StatusOr<api::TestSpec> LoadTestCase(const std::string& path, const WarningContext& context,
                                     std::vector<std::string>* warnings);

// As ParseTestCase (same checks), but returns the case without the defaults
// and rewrites: exactly what the file says. For tools that show or rewrite a
// test case, and for round-trip checks.
StatusOr<api::TestSpec> ParseTestCaseAsWritten(std::string_view yaml, const std::string& path);

// Applies the name and jobSetId defaults described above to a spec loaded
// from path. Each call draws a new job set suffix.
void ApplyDefaults(const std::string& path, api::TestSpec* spec);

}  // namespace armada::testcase
