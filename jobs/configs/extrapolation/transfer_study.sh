#!/usr/bin/env bash
# The --init.from study of docs/extrapolation.md: J2 = 0.5, the default ViT (factored, d = 16, 2 heads,
# 2 layers, 2x2 patches, Marshall sign), 512 samples per step, 1 rank per run, runs side by side.
# As run on 2026-11-27 (2 cores, load average ~13 from other builds): the 6x6 source was asked for 100
# steps and stopped with SIGUSR1 after step 41 (its checkpoint of step 41 is the source); the budgets
# below are the ones that ran. Summarise with
#   jobs/configs/extrapolation/transfer_study.py runs/transfer 8x8_from_6x6_zero20:8x8_random \
#       8x8_from_6x6:8x8_random 10x10_from_8x8:10x10_random 10x10_from_8x8_wrap:10x10_random
set -u
cd "$(dirname "$0")/../../.."
source scripts/common.sh
common=(--lattice.j2 0.5 --sampler.chains 16 --sampler.samples 512 --measure.samples 1024
  --output.checkpoint_every 5)
run() { local name=$1; shift; nice -n 10 mpirun -n 1 --oversubscribe --bind-to none build/bin/vmc_dist \
  "${common[@]}" --output.dir runs/transfer/$name "$@" > runs/transfer/$name.out 2>&1; }
mkdir -p runs/transfer
run 6x6 --lattice.lx 6 --lattice.ly 6 --optimizer.steps 41
from6=(--lattice.lx 8 --lattice.ly 8 --optimizer.steps 20 --init.from runs/transfer/6x6/checkpoint.h5)
run 8x8_from_6x6_zero20 "${from6[@]}" --init.new_displacements zero &
run 8x8_from_6x6 "${from6[@]}" --init.new_displacements nearest &
run 8x8_random --lattice.lx 8 --lattice.ly 8 --optimizer.steps 20
wait
from8=(--lattice.lx 10 --lattice.ly 10 --optimizer.steps 10 --init.from runs/transfer/8x8_from_6x6/checkpoint.h5)
run 10x10_from_8x8 "${from8[@]}" --init.new_displacements zero &
run 10x10_from_8x8_wrap "${from8[@]}" --init.new_displacements wrap &
run 10x10_random --lattice.lx 10 --lattice.ly 10 --optimizer.steps 10
wait
