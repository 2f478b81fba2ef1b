#!/usr/bin/env bash
# expect_exit.sh CODE REGEX TIMEOUT -- command...
# Runs the command with a time limit; passes when it exits with exactly CODE (not by the timeout) and its
# combined output matches the extended regex REGEX. Used to check that bad input ends every rank cleanly.
set -u
code=$1 regex=$2 limit=$3
shift 4
out=$(timeout --kill-after=5 "$limit" "$@" 2>&1)
rc=$?
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
  echo "TIMEOUT after ${limit}s (a hang): $*"; echo "$out" | tail -20; exit 1
fi
if [ "$rc" -ne "$code" ]; then
  echo "exit code $rc, expected $code: $*"; echo "$out" | tail -20; exit 1
fi
if ! grep -Eq -- "$regex" <<<"$out"; then
  echo "output does not match /$regex/: $*"; echo "$out" | tail -20; exit 1
fi
echo "ok: exit $rc, message matches /$regex/"
