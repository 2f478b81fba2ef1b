#!/usr/bin/env bash
# Install what is missing, build (ci preset: Release, -Werror) and run every test except the slow
# and slurm labels (slurm: minutes-long batch-system tests, `ctest -L slurm`, docs/scaling.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
source scripts/common.sh
vitvmc_build ci
cd build
ctest --output-on-failure -LE 'slow|slurm' -j "$VITVMC_JOBS" --timeout 900 "$@"
