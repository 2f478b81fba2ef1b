#!/usr/bin/env bash
# Word splitting of $(run_args) and $(rank_pids) is intended.
# shellcheck disable=SC2046
# chaos_test.sh CASE MPIEXEC VMC_DIST WORKROOT
# Nothing lost: a small study (4x4, a checkpoint every step) is killed with kill -9 at random
# moments, aimed in turn at sampling, the SR solve and the checkpoint write (the phase trace of
# include/vitvmc/job/phase_trace.hpp says where each kill landed), and restarted with
# --restart auto after each kill. After every kill checkpoint.h5 must be readable and never behind
# the previous one; the finished run must equal an uninterrupted one.
#   short        6 kills, restarts on 2 ranks, bit-identical             (normal suite)
#   same_ranks   20 kills, restarts on 2 ranks, bit-identical            (slow)
#   other_ranks  20 kills, restarts on 1 or 3 ranks at random with --optimizer.reproducible,
#                bit-identical to the uninterrupted 2-rank run                             (slow)
# CHAOS_SEED=n repeats a sequence of moments (the seed is printed).
set -u
case_name=$1 mpiexec=$2 vmc=$3 root=$4
here=$(cd "$(dirname "$0")" && pwd)
source "$here/restart_lib.sh"
work=$root/chaos_$case_name
args=(--lattice.lx 4 --lattice.ly 4 --model.d 8 --model.layers 1 --sampler.samples 128
      --measure.samples 0)
run_args() {
  echo --optimizer.steps "$steps" --output.checkpoint_every 1 --sampler.chains 8
}
case $case_name in
short) kills=6 steps=10 rank_choices=(2) min_per_phase=1 ;;
same_ranks) kills=20 steps=24 rank_choices=(2) min_per_phase=3 ;;
# Another rank count: --optimizer.reproducible makes every number of a step independent of the
# rank count (docs/sr.md), so restarts on 1 or 3 ranks must end bit-identical as well.
other_ranks)
  kills=20 steps=24 rank_choices=(1 3) min_per_phase=3
  args+=(--optimizer.reproducible true) ;;
*) die "unknown case $case_name" ;;
esac
RUN_TIMEOUT=600  # a 24-step run takes ~4 s on an idle machine, ten times that on a busy one
seed=${CHAOS_SEED:-$$}
RANDOM=$seed
echo "chaos $case_name: $kills kills, seed $seed"

fresh
run_dist 2 "$work/reference"
expect_ok "$work/reference"

targets=(sampling solve checkpoint)
max_delay_ms=(8 3 5)  # below each phase's length on an idle machine (a step is ~0.02 s; sampling ~10 ms)
declare -A landed=([sampling]=0 [solve]=0 [checkpoint]=0 [other]=0 [startup]=0 [finished]=0)
declare -A aimed=([sampling]=0 [solve]=0 [checkpoint]=0)
last_step=0
run=$work/run
for ((k = 0; k < kills; ++k)); do
  ranks=${rank_choices[RANDOM % ${#rank_choices[@]}]}
  t=$((k % 3))
  target=${targets[t]}
  occurrence=$((1 + RANDOM % 2))
  delay=$(printf '0.%03d' $((RANDOM % ${max_delay_ms[t]})))
  # A phase that an earlier kill aimed at but missed (a 4x4 checkpoint takes ~4-6 ms, so a 3-4 ms
  # delay can land in the next sampling) is hit at its start this time: otherwise the per-phase
  # minimum below fails now and then by the luck of the seed (CHAOS_SEED=8452 did, 2026-12-07).
  [ "${aimed[$target]}" -gt "${landed[$target]}" ] && delay=0.000
  aimed[$target]=$((aimed[$target] + 1))
  rm -f "$work"/phase.*
  VITVMC_PHASE_TRACE=$work/phase start_dist "$ranks" "$run" --restart auto
  wait_for_ranks "$ranks" || { tail "$run.out"; die "kill $k: mpirun ended before its ranks started"; }
  phase=$(/usr/bin/python3 "$here/chaos_kill.py" "$work/phase.0" "$target" "$occurrence" \
    "$delay" 300 $(rank_pids))
  wait_killed 10
  [ -n "$phase" ] || die "kill $k: chaos_kill.py failed"
  landed[$phase]=$((landed[$phase] + 1))
  if [ "$phase" = finished ]; then
    [ "$rc" -eq 0 ] || { tail "$run.out"; die "kill $k: the run failed (exit $rc) without a kill"; }
    echo "kill $k: the run finished first"
    break
  fi
  if [ ! -e "$run/checkpoint.h5" ]; then
    [ "$last_step" -eq 0 ] || die "kill $k: checkpoint.h5 gone"
    echo "kill $k on $ranks rank(s): landed in $phase, before the first checkpoint"
    continue
  fi
  step=$(check step "$run/checkpoint.h5") || die "kill $k: checkpoint.h5 unreadable after kill -9"
  h5dump -H "$run/log.h5" >/dev/null 2>&1 || die "kill $k: log.h5 unreadable after kill -9"
  [ "$step" -ge "$last_step" ] || die "kill $k: checkpoint.h5 went back from step $last_step to $step"
  echo "kill $k on $ranks rank(s): aimed at $target #$occurrence + ${delay} s, landed in $phase;" \
    "checkpoint.h5 at step $step$([ -e "$run/checkpoint.h5.tmp" ] && echo ", a write interrupted")"
  last_step=$step
done
echo "kills landed in: sampling ${landed[sampling]}, solve ${landed[solve]}," \
  "checkpoint ${landed[checkpoint]}, between phases ${landed[other]}, start-up ${landed[startup]}"
for p in sampling solve checkpoint; do
  [ "${landed[$p]}" -ge "$min_per_phase" ] || die "only ${landed[$p]} kills landed in $p (want $min_per_phase)"
done
run_dist "${rank_choices[0]}" "$run" --restart auto
expect_ok "$run"
check theta_equal "$work/reference/checkpoint.h5" "$run/checkpoint.h5" || die "final theta"
check energies "$work/reference/log.h5" "$run/log.h5" 0 || die "logged energies"
echo "ok: chaos $case_name"
