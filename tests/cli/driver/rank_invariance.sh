#!/usr/bin/env bash
# rank_invariance.sh CASE MPIEXEC VMC_DIST WORKDIR RANKS...
# The same run on several rank counts: final theta and every logged energy bit-identical between
# each count and the first (runs compared with each other, never with themselves).
#   small:  4x4, 112 chains x 4 samples, 3 SR steps (the kernel is 896 x 896)
#   kernel: 4x4, 112 chains x 36 samples, 2 SR steps: 2M = 8064, kernel-dominated
set -u
case_name=$1 mpiexec=$2 vmc=$3 work=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
check() { /usr/bin/python3 "$here/../io/h5_compare.py" "$@"; }
die() { echo "FAIL: $*"; exit 1; }
args=(--lattice.lx 4 --lattice.ly 4 --model.d 8 --model.layers 1 --sampler.chains 112
      --sampler.warmup 10 --sampler.discard 2 --measure.samples 0 --optimizer.solver kernel)
case $case_name in
small) args+=(--sampler.samples 448 --optimizer.steps 3 --output.checkpoint_every 3) ;;
kernel) args+=(--sampler.samples 4032 --optimizer.steps 2 --output.checkpoint_every 2) ;;
*) die "unknown case $case_name" ;;
esac
rm -rf "$work"
mkdir -p "$work"
first=""
for r in "$@"; do
  dir=$work/np$r
  timeout --kill-after=5 600 "$mpiexec" -n "$r" --oversubscribe --bind-to none "$vmc" "${args[@]}" \
    --output.dir "$dir" >"$dir.out" 2>&1 || { tail -20 "$dir.out"; die "run on $r ranks"; }
  if [ -z "$first" ]; then
    first=$r
    continue
  fi
  check theta_equal "$work/np$first/checkpoint.h5" "$dir/checkpoint.h5" || die "theta: $first vs $r ranks"
  check energies "$work/np$first/log.h5" "$dir/log.h5" 0 || die "energies: $first vs $r ranks"
done
echo "ok: bit-identical on ranks $*"
