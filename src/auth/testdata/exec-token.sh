#!/bin/sh
# execAuth's command in the tests: prints the token named by its argument
# from the environment execAuth's env sets, and counts its runs in a file.
set -eu
echo run >>"$EXEC_RUNS_FILE"
eval "printf '  %s\n' \"\$$1\""
