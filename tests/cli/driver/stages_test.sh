#!/usr/bin/env bash
# stages_test.sh CASE MPIEXEC VMC_DIST WORKROOT
# --optimizer.stages through mpirun -n 2 on 4x4:
#   run      "none:3,translations:2,lattice:2:lr=0.05": the wrapper switches before steps 4 and 6
#            (progress lines and log.h5's stage column), the stage's lr is used, energies finite.
#   restart  "none:3,lattice:1" (ends at step 4, inside stage 2 of the full plan), then
#            --restart auto with "none:3,lattice:3": theta and every logged energy bit-identical to
#            the uninterrupted "none:3,lattice:3" run.
set -u
case_name=$1 mpiexec=$2 vmc=$3 root=$4
here=$(cd "$(dirname "$0")" && pwd)
check() { /usr/bin/python3 "$here/../io/h5_compare.py" "$@"; }
work=$root/$case_name
args=(--lattice.lx 4 --lattice.ly 4 --model.d 8 --model.layers 1 --sampler.chains 8
      --sampler.samples 128 --measure.samples 0 --output.checkpoint_every 2)
die() { echo "FAIL: $*"; exit 1; }
run_dist() {  # DIR [extra...]
  local dir=$1
  shift
  timeout --kill-after=5 120 "$mpiexec" -n 2 --oversubscribe --bind-to none "$vmc" "${args[@]}" \
    --output.dir "$dir" "$@" >"$dir.out" 2>&1 || { tail -20 "$dir.out"; die "exit $? in $dir"; }
}
column() {  # LOG NAME: the column as space-separated values
  /usr/bin/python3 -c "import h5py,sys; print(' '.join(repr(float(v)) for v in h5py.File(sys.argv[1],'r')[sys.argv[2]][()]))" "$1" "$2"
}
rm -rf "$work"
mkdir -p "$work"

case $case_name in
run)
  run_dist "$work/run" --optimizer.stages "none:3,translations:2,lattice:2:lr=0.05"
  out=$work/run.out
  grep -q "^stages: none:3,translations:2,lattice:2:lr=0.05 (now stage 1/3 none)" "$out" ||
    die "no stages header"
  grep -q "^stage 2/3 translations from step 4: .*symmetrized |G|=4$" "$out" || die "no switch at 4"
  grep -q "^stage 3/3 lattice from step 6: .*symmetrized |G|=32$" "$out" || die "no switch at 6"
  grep -q "step     3/7 .* stage 1/3 none$" "$out" || die "step 3 not in stage 1"
  grep -q "step     4/7 .* stage 2/3 translations$" "$out" || die "step 4 not in stage 2"
  grep -q "step     7/7 .* stage 3/3 lattice$" "$out" || die "step 7 not in stage 3"
  [ "$(check step "$work/run/checkpoint.h5")" = 7 ] || die "did not reach step 7 (sum of stages)"
  stages=$(column "$work/run/log.h5" stage)
  [ "$stages" = "1.0 1.0 1.0 2.0 2.0 3.0 3.0" ] || die "log.h5 stage column: $stages"
  lrs=$(column "$work/run/log.h5" learning_rate)
  [ "$lrs" = "0.1 0.1 0.1 0.1 0.1 0.05 0.05" ] || die "log.h5 learning_rate column: $lrs"
  /usr/bin/python3 -c "import h5py,sys,numpy as np; e=h5py.File(sys.argv[1],'r')['energy'][()]; sys.exit(0 if np.all(np.isfinite(e)) and e[-1] < -0.2 else 1)" \
    "$work/run/log.h5" || die "energies not finite or not below -0.2: $(column "$work/run/log.h5" energy)"
  echo "energies $(column "$work/run/log.h5" energy)"
  echo "ok: run"
  ;;
restart)
  run_dist "$work/straight" --optimizer.stages "none:3,lattice:3"
  run_dist "$work/split" --optimizer.stages "none:3,lattice:1"
  [ "$(check step "$work/split/checkpoint.h5")" = 4 ] || die "first part did not stop at step 4"
  run_dist "$work/split" --optimizer.stages "none:3,lattice:3" --restart auto
  grep -q "restarted from .* at step 4" "$work/split.out" || die "no restart from step 4"
  grep -q "(now stage 2/2 lattice)" "$work/split.out" || die "restart not in stage 2"
  grep -q "step     5/6 .* stage 2/2 lattice$" "$work/split.out" || die "step 5 not in stage 2"
  check theta_equal "$work/straight/checkpoint.h5" "$work/split/checkpoint.h5" || die "theta"
  check energies "$work/straight/log.h5" "$work/split/log.h5" 0 || die "energies"
  echo "ok: restart"
  ;;
*) die "unknown case $case_name" ;;
esac
