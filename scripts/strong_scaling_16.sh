#!/usr/bin/env bash
# Strong scaling of the 10x10 paper model (jobs/configs/j1j2_10x10_j2_0p5.ini: factored ViT d = 60,
# h = 10, 4 layers, 2x2 patches, M = 4096 samples, 256 chains, kernel SR) on one 16-core machine.
# One short script for a machine lent for minutes: run from the repository root with the build
# carried (build/bin/vmc_dist); results go to ${OUT:-scaling_16} (table, JSON, plots, every run's
# summary.json/log.h5/output).
#
#   RANKS=4,8,16 STEPS=1 WARMUP_STEPS=1 bash scripts/strong_scaling_16.sh
#
# Other settings: OUT (output directory), VMC_DIST (the binary), MPIRUN (the launcher; the test
# tests/scripts/test_scaling.py puts a stand-in there that writes a run's files without MPI).
#
# Cost (docs/scaling.md): one step is ~10 TFlop (sampling ~4, local energy ~6, Jacobian 0.15), so
# at ~25 GFLOP/s per core a step takes ~400 s on 1 rank and ~25 s on 16: the default sweep 4, 8, 16
# with 1 untimed + 1 timed step takes ~8 minutes; add 1 and 2 (RANKS=1,2) in a second session.
# The chain warm-up is cut to 20 sweeps (--sampler.warmup) to keep that budget: the timings do not
# depend on how equilibrated the chains are.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-scaling_16}
ranks=${RANKS:-4,8,16}
bin=${VMC_DIST:-build/bin/vmc_dist}
cores=$(nproc)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
if ldd "$bin" | grep -q "not found"; then
  echo "missing libraries for $bin:"; ldd "$bin" | grep "not found"; exit 1
fi
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
python=python3
"$python" -c "import h5py, matplotlib" 2>/dev/null || python=/usr/bin/python3
# Ranks bound to cores, so the timings are per core; 256 chains at every rank count (the config's).
"$python" scripts/scaling.py run --mode strong --ranks "$ranks" --samples 4096 \
  --chains-per-rank 16 --chains-total 256 --bind core --steps "${STEPS:-1}" --warmup-steps "${WARMUP_STEPS:-1}" \
  --config jobs/configs/j1j2_10x10_j2_0p5.ini --out "$out" --vmc-dist "$bin" --cores "$cores" \
  --mpirun "${MPIRUN:-mpirun}" \
  -- --sampler.warmup 20
"$python" scripts/scaling.py collect "$out" --json "$out/scaling.json" \
  --markdown "$out/scaling.md" --plots "$out/scaling"
