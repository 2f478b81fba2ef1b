#!/usr/bin/env bash
# Regenerates the real checkpoints of the fuzz_checkpoint seed corpus (tests/fuzz/corpus/checkpoint):
# three 2-step vmc_dist runs on a 4x4 lattice (ViT d=4, RBM alpha=1, RBM with exact sampling), one
# rank. Usage: scripts/fuzz_seeds.sh [VMC_DIST] (default build/bin/vmc_dist). See docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
vmc=${1:-build/bin/vmc_dist}
out=tests/fuzz/corpus/checkpoint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--lattice.lx 4 --lattice.ly 4 --lattice.j2 0.5 --optimizer.steps 2 --measure.samples 0)
seed() {  # NAME ARGS...: one run, its final checkpoint copied to the corpus as NAME.h5
  local name=$1
  shift
  "$vmc" "${common[@]}" "$@" --output.dir "$work/$name" >"$work/$name.out" 2>&1 ||
    { cat "$work/$name.out"; exit 1; }
  cp "$work/$name/checkpoint.h5" "$out/$name.h5"
  echo "$out/$name.h5: $(stat -c %s "$out/$name.h5") bytes"
}
seed vit_4x4_step2 --model.type vit --model.d 4 --model.heads 1 --model.layers 1 --model.ffn 1 \
  --sampler.chains 4 --sampler.samples 32
seed rbm_4x4_step2 --model.type rbm --model.alpha 1 --sampler.chains 4 --sampler.samples 32
seed rbm_exact_4x4_step2 --model.type rbm --model.alpha 1 --sampler.type exact \
  --sampler.chains 32 --sampler.samples 1024
