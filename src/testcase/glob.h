// Finds test case files from the patterns a user passes to --tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace armada::testcase {

// Expands a comma-separated list of glob patterns (`*`, `**`, `?`) into the
// sorted, de-duplicated list of matching .yaml/.yml files, as Armada's
// runner finds them with go-zglob v0.0.6 (internal/testsuite/app.go).
//
// Contract:
// - Patterns are trimmed; empty ones are skipped, but a list with no pattern
//   at all is an error.
// - As go-zglob does, and only in a pattern with a component holding '*' or
//   '{': a first component `~` is $HOME, and a whole component `$NAME` (NAME
//   a letter and at least one more letter, digit or '_') the variable's
//   value; `$(NAME)` reads the variable named "(NAME)", as go-zglob does.
//   `${NAME}`, `$X` and a `$` inside a component stay as written.
// - The folder before the first component holding a wildcard or '{' must
//   exist, and a pattern without any must name an existing file: else an
//   error naming the pattern (go-zglob's error, exit 1 in Armada's runner).
// - A pattern that matches no .yaml/.yml file below an existing folder:
//   with `unmatched`, its message is appended there and the others go on
//   (Armada's runner then runs what matched, possibly nothing); without,
//   it is an error naming it.
// - `{x,y}` alternatives expand as in a shell, nested ones too, before
//   matching ("t/{basic,node}/*.yaml" is t/basic/*.yaml and t/node/*.yaml);
//   commas inside braces do not separate patterns. A brace without its
//   closing one, or without a comma inside, is a literal character. At most
//   4096 alternatives per pattern.
// - `*` matches any run of characters within one path segment, `?` one
//   character (go-zglob takes '?' literally); `**` as a whole segment matches
//   any number of directories, including none. As in a shell, a wildcard
//   does not match a name starting with '.', so hidden files and
//   directories are skipped unless the pattern spells the dot.
// - Only regular files (symbolic links followed) whose extension is .yaml or
//   .yml in any case count.
// - Results keep the pattern's spelling of the leading directories (relative
//   patterns give relative paths).
StatusOr<std::vector<std::string>> ExpandPatterns(std::string_view patterns,
                                                  std::vector<std::string>* unmatched = nullptr);

// Whether path matches pattern (same syntax as above) as text, segment by
// segment, without touching the file system.
bool GlobMatch(std::string_view pattern, std::string_view path);

}  // namespace armada::testcase
