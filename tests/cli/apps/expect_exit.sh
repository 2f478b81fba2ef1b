#!/bin/sh
# Usage: expect_exit.sh CODE REGEX COMMAND [ARGS...]
# Passes when COMMAND exits with exactly CODE and its output (stdout and stderr) matches the extended
# regex REGEX
# (CTest's WILL_FAIL accepts any non-zero code; usage errors must be exactly 2 and name the option).
code=$1
regex=$2
shift 2
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne "$code" ]; then
  echo "expect_exit: exit code $rc, expected $code" >&2
  exit 1
fi
if ! printf '%s\n' "$out" | grep -Eq -e "$regex"; then
  echo "expect_exit: output does not match /$regex/" >&2
  exit 1
fi
