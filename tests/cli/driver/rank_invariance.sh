#!/usr/bin/env bash
# rank_invariance.sh CASE MPIEXEC VMC_DIST WORKDIR RANKS...
# The same run on several rank counts, each compared with the first (never with itself): every
# logged energy and the final theta agree to TOL relative (default 1e-9), and the output says
# whether they are bit-identical. They are not in general: the SR sums over samples (<O>, the
# kernel's dot products over P in pdsyrk, X^T y) are split differently on another rank count, so
# theta moves by round-off (2.3e-12 after 3 steps, 1 vs 7 ranks; docs/memory-plan.md).
#   small:  4x4, 112 chains x 4 samples, 3 SR steps (the kernel is 896 x 896)
#   kernel: 4x4, 112 chains x 18 samples, 2 SR steps: 2M = 4032 rows against P = 968, the kernel
#           (130 MB) dominates memory and the solve dominates the step
set -u
case_name=$1 mpiexec=$2 vmc=$3 work=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
tol=${TOL:-1e-9}
compare() {  # A_DIR B_DIR: energies and theta within tol, bit-identity reported
  /usr/bin/python3 - "$1" "$2" "$tol" <<'PY'
import sys
import h5py
import numpy as np
a, b, tol = sys.argv[1], sys.argv[2], float(sys.argv[3])
with h5py.File(a + "/log.h5", "r") as fa, h5py.File(b + "/log.h5", "r") as fb:
    sa, sb, ea, eb = fa["step"][()], fb["step"][()], fa["energy"][()], fb["energy"][()]
with h5py.File(a + "/checkpoint.h5", "r") as fa, h5py.File(b + "/checkpoint.h5", "r") as fb:
    ta, tb = fa["/parameters/theta"][()], fb["/parameters/theta"][()]
if len(sa) == 0 or not np.array_equal(sa, sb) or ta.shape != tb.shape:
    sys.exit(f"FAIL: different or empty logs ({list(sa)} vs {list(sb)}) or theta shapes")
de = np.max(np.abs(ea - eb) / np.abs(ea))
dt = np.max(np.abs(ta - tb)) / np.max(np.abs(ta))
same = ea.tobytes() == eb.tobytes() and ta.tobytes() == tb.tobytes()
print(f"{len(sa)} steps: energies rel diff {de:.2e}, theta rel diff {dt:.2e}, "
      f"{'bit-identical' if same else 'not bit-identical'}")
if not (de <= tol and dt <= tol):
    sys.exit(f"FAIL: differences above {tol}")
PY
}
die() { echo "FAIL: $*"; exit 1; }
args=(--lattice.lx 4 --lattice.ly 4 --model.d 8 --model.layers 1 --sampler.chains 112
      --sampler.warmup 10 --sampler.discard 2 --measure.samples 0 --optimizer.solver kernel)
case $case_name in
small) args+=(--sampler.samples 448 --optimizer.steps 3 --output.checkpoint_every 3) ;;
kernel) args+=(--sampler.samples 2016 --optimizer.steps 2 --output.checkpoint_every 2) ;;
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
  echo -n "$first vs $r ranks: "
  compare "$work/np$first" "$dir" || die "$first vs $r ranks"
done
echo "ok: ranks $* agree to $tol"
