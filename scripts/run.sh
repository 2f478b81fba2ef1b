#!/usr/bin/env bash
# Install what is missing, build, and run the main job: vmc_dist's built-in default study on 2 ranks.
# Extra arguments go to vmc_dist (e.g. scripts/run.sh --config jobs/configs/j1j2_4x4_smoke.ini).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
source scripts/common.sh
vitvmc_build release
# Continue (or just re-measure) a run already in the output directory instead of refusing to overwrite it.
restart=(--restart auto)
for arg in "$@"; do [[ $arg == --restart* ]] && restart=(); done
exec mpirun -n "${VITVMC_RANKS:-2}" --oversubscribe --bind-to none build/bin/vmc_dist "${restart[@]}" "$@"
