#!/bin/sh
# execAuth's command failing after printing a secret: the error must not
# hold what it printed.
echo "$EXEC_SECRET"
exit 3
