#!/usr/bin/env bash
# Install what is missing, build and run every test except the slow and slurm labels (slurm:
# minutes-long batch-system tests, `ctest -L slurm`, docs/scaling.md).
#   scripts/test.sh              ci preset (Release, -Werror) in build/, then 30 s of each fuzz target
#   scripts/test.sh --sanitize   asan-ubsan preset (ASan + UBSan + LeakSanitizer) in build-asan/
# Further arguments go to ctest (e.g. -L unit). See docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=ci dir=build
if [ "${1:-}" = --sanitize ]; then
  preset=asan-ubsan dir=build-asan
  shift
fi
bash scripts/install-deps.sh
source scripts/common.sh
vitvmc_build "$preset"
cd "$dir"
ctest --output-on-failure -LE 'slow|slurm' -j "$VITVMC_JOBS" --timeout 900 "$@"
# A short fuzzing run of each libFuzzer target (VITVMC_FUZZ_SECONDS each, 0 skips; docs/testing.md).
fuzz_seconds=${VITVMC_FUZZ_SECONDS:-30}
if [ "$preset" = ci ] && [ "$fuzz_seconds" -gt 0 ]; then
  cd .. && bash scripts/fuzz.sh "$fuzz_seconds"
fi
