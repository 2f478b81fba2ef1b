#!/usr/bin/env bash
# Install what is missing, build (ci preset: Release, -Werror) and run every test except the slow label.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
source scripts/common.sh
vitvmc_build ci
cd build
ctest --output-on-failure -LE slow -j "$VITVMC_JOBS" --timeout 900 "$@"
