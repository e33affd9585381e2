// Finds test case files from the patterns a user passes to --tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace armada::testcase {

// Expands a comma-separated list of glob patterns (`*`, `**`, `?`) into the
// sorted, de-duplicated list of matching .yaml/.yml files. A pattern matching
// nothing is an error naming it.
//
// Contract:
// - Patterns are trimmed; empty ones are skipped, but a list with no pattern
//   at all is an error.
// - `{x,y}` alternatives expand as in a shell, nested ones too, before
//   matching ("t/{basic,node}/*.yaml" is t/basic/*.yaml and t/node/*.yaml);
//   commas inside braces do not separate patterns. Each alternative must
//   match, as a pattern must; an error names it and the pattern it came
//   from. A brace without its closing one, or without a comma inside, is a
//   literal character. At most 4096 alternatives per pattern.
// - `*` matches any run of characters within one path segment, `?` one
//   character; `**` as a whole segment matches any number of directories,
//   including none. As in a shell, a wildcard does not match a name starting
//   with '.', so hidden files and directories are skipped unless the pattern
//   spells the dot.
// - A pattern without wildcards names one file, which must exist.
// - Only regular files (symbolic links followed) whose extension is .yaml or
//   .yml in any case count; a pattern matching only other files is an error.
// - Results keep the pattern's spelling of the leading directories (relative
//   patterns give relative paths).
StatusOr<std::vector<std::string>> ExpandPatterns(std::string_view patterns);

// Whether path matches pattern (same syntax as above) as text, segment by
// segment, without touching the file system.
bool GlobMatch(std::string_view pattern, std::string_view path);

}  // namespace armada::testcase
