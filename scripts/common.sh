# Shared by scripts/run.sh and scripts/test.sh: environment for OpenMPI and BLAS, and the build step.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
# Ranks yield the core while waiting in MPI: with more ranks than free cores, busy polling costs 10x.
export OMPI_MCA_mpi_yield_when_idle=1
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
# OpenBLAS 0.3.21 (Debian 12) does not know this machine's CPU (Sapphire Rapids in a VM) and falls back
# to its SSE3 "Prescott" kernels: dgemm ~2x slower, and a default 6x6 step 1.8x slower in CPU time
# (docs/results/default-study.md). Name the kernel family from the CPU flags unless the user did.
if [[ -z ${OPENBLAS_CORETYPE:-} && -r /proc/cpuinfo ]]; then
  if grep -qm1 '^flags.* avx512f' /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=SkylakeX
  elif grep -qm1 '^flags.* avx2' /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=Haswell
  fi
fi
VITVMC_JOBS=${VITVMC_JOBS:-$(nproc 2>/dev/null || echo 2)}

# vitvmc_build PRESET: configure (once) and build with every core.
vitvmc_build() {
  local preset=$1
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$VITVMC_JOBS"
}
