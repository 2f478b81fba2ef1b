#!/usr/bin/env bash
# slurm_tests.sh CASE REPO VMC_DIST WORKROOT
# The job scripts under a real one-node Slurm (scripts/local-slurm.sh: slurmctld + slurmd + munged,
# started here when not running; needs root). Cases:
#   chain  jobs/slurm/train.sbatch with a 1-minute limit and --signal=B:USR1@40 on a run far too
#          long to finish: the early signal makes it checkpoint and exit 0; jobs/slurm/restart.sbatch
#          then continues from that checkpoint (--restart auto) to a few steps more.
#   walltime  train.sbatch with --run.walltime 00:00:15 inside a 1-minute job: vmc_dist stops on
#          its own with a checkpoint before its budget, exits 0, the job ends COMPLETED.
#   array  scripts/scaling.py slurm: a strong-scaling sweep on 1, 2 and 4 ranks (--overcommit) as one
#          job array, then
#          its collect job (afterok dependency) writes the scaling table, JSON and plots.
set -u
case_name=$1 repo=$2 vmc=$3 root=$4
work=$root/$case_name
die() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root to start slurmctld/slurmd"; exit 77; }
bash "$repo/scripts/local-slurm.sh" start || die "cannot start the local Slurm cluster"
eval "$(bash "$repo/scripts/local-slurm.sh" env)"
rm -rf "$work"
mkdir -p "$work"
h5step() { /usr/bin/python3 -c "import h5py, sys; print(int(h5py.File(sys.argv[1], 'r')['/step'][()]))" "$1"; }

# submit OUT_VAR sbatch-args...: submits, sets the job id in OUT_VAR.
submit() {
  local var=$1
  shift
  local id
  id=$(sbatch --parsable "$@") || die "sbatch $*"
  printf -v "$var" '%s' "${id%%;*}"
}
# wait_done JOBID SECONDS: until squeue no longer lists the job (or any element of an array).
wait_done() {
  local i
  for ((i = 0; i < $2; ++i)); do
    [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
    sleep 1
  done
  squeue
  scancel "$1"
  die "job $1 still queued or running after $2 s"
}
# state JOBID: the job's final state while slurmctld remembers it (MinJobAge=600).
state() { scontrol show job "$1" | sed -nE 's/.*JobState=([A-Z_]+).*/\1/p' | head -1; }
exit_code() { scontrol show job "$1" | sed -nE 's/.* ExitCode=([0-9]+):.*/\1/p' | head -1; }

small=(--lattice.lx 4 --lattice.ly 4 --model.d 8 --model.layers 1 --sampler.chains 8
       --sampler.samples 128 --sampler.warmup 20 --measure.samples 0 --output.checkpoint_every 1000)

case $case_name in
chain)
  cd "$repo" || die "no $repo"
  export CONFIG=$repo/jobs/configs/j1j2_4x4_smoke.ini VMC_DIST=$vmc SRUN_CPU_BIND=none
  # A 100000-step run cannot finish in the 1-minute limit: only the early signal can end it cleanly.
  submit first --time=1 --signal=B:USR1@40 --nodes=1 --ntasks-per-node=2 \
    --output="$work/train-%j.out" jobs/slurm/train.sbatch "${small[@]}" \
    --optimizer.stages none:100000 --output.dir "$work/run"
  t0=$SECONDS
  wait_done "$first" 150
  echo "train job $first ended after $((SECONDS - t0)) s: $(state "$first"), exit $(exit_code "$first")"
  out=$(cat "$work"/train-"$first".out)
  grep -q "SIGUSR1: the ranks finish their step" <<<"$out" || { echo "$out"; die "no SIGUSR1 in the batch shell"; }
  grep -q "signal 10 received: checkpoint of step" <<<"$out" || { echo "$out"; die "vmc_dist did not checkpoint on the signal"; }
  grep -q "vmc_dist exited with 0" <<<"$out" || { echo "$out"; die "vmc_dist did not exit 0"; }
  [ "$(state "$first")" = COMPLETED ] || die "train job state $(state "$first"), expected COMPLETED"
  at=$(h5step "$work/run/checkpoint.h5") || die "no readable checkpoint"
  [ "$at" -ge 1 ] && [ "$at" -lt 100000 ] || die "checkpoint at step $at"
  echo "checkpoint of step $at written on the early signal"

  submit second --time=2 --nodes=1 --ntasks-per-node=2 --output="$work/restart-%j.out" \
    jobs/slurm/restart.sbatch "${small[@]}" --optimizer.stages none:$((at + 3)) --output.dir "$work/run"
  wait_done "$second" 120
  out=$(cat "$work"/restart-"$second".out)
  grep -q "restarted from .* at step $at" <<<"$out" || { echo "$out"; die "restart did not continue from step $at"; }
  grep -q "vmc_dist exited with 0" <<<"$out" || { echo "$out"; die "restart did not exit 0"; }
  [ "$(h5step "$work/run/checkpoint.h5")" = "$((at + 3))" ] || die "restart did not reach step $((at + 3))"
  [ -s "$work/run/summary.json" ] || die "no summary.json after the finished restart"
  echo "restart job $second continued from step $at to $((at + 3))"
  ;;

walltime)
  cd "$repo" || die "no $repo"
  export CONFIG=$repo/jobs/configs/j1j2_4x4_smoke.ini VMC_DIST=$vmc SRUN_CPU_BIND=none
  submit job --time=1 --nodes=1 --ntasks-per-node=2 --output="$work/train-%j.out" \
    jobs/slurm/train.sbatch "${small[@]}" --optimizer.stages none:100000 --output.dir "$work/run" \
    --run.walltime 00:00:15
  wait_done "$job" 90
  out=$(cat "$work"/train-"$job".out)
  line=$(grep "^walltime: " <<<"$out") || { echo "$out"; die "no walltime stop"; }
  echo "$line"
  grep -q "SIGUSR1" <<<"$out" && die "a signal, not the walltime, ended the run"
  grep -q "vmc_dist exited with 0" <<<"$out" || { echo "$out"; die "vmc_dist did not exit 0"; }
  [ "$(state "$job")" = COMPLETED ] || die "job state $(state "$job"), expected COMPLETED"
  at=$(h5step "$work/run/checkpoint.h5") || die "no readable checkpoint"
  [ "$at" -ge 1 ] && [ "$at" -lt 100000 ] || die "checkpoint at step $at"
  ;;

array)
  /usr/bin/python3 "$repo/scripts/scaling.py" slurm --mode strong --ranks 1,2,4 --samples 128 \
    --chains-per-rank 2 --overcommit --steps 3 --warmup-steps 1 --out "$work/sweep" --vmc-dist "$vmc" \
    --time 00:05:00 -- "${small[@]:0:8}" --sampler.warmup 20 >"$work/generate.out" ||
    { cat "$work/generate.out"; die "scaling.py slurm"; }
  submit array "$work/sweep/scaling.sbatch"
  submit collect --dependency=afterok:"$array" "$work/sweep/collect.sbatch"
  wait_done "$array" 240
  wait_done "$collect" 120
  [ "$(state "$collect")" = COMPLETED ] ||
    { cat "$work"/sweep/slurm-*.out; die "collect job $(state "$collect")"; }
  table=$work/sweep/scaling.md
  [ -s "$table" ] || die "no scaling table"
  cat "$table"
  grep -Eq '^\| 1 \| 128 \|' "$table" && grep -Eq '^\| 2 \| 128 \|' "$table" ||
    die "table lacks the 1- and 2-rank rows"
  [ "$(nproc --all)" -ge 4 ] || grep -Eq '^\| 4 \| 128 \|.*oversubscribed \|$' "$table" ||
    die "the 4-rank row on $(nproc --all) CPUs is not marked oversubscribed"
  python3 - "$work/sweep/scaling.json" <<'PY' || die "scaling.json"
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
assert sorted(r["ranks"] for r in runs) == [1, 2, 4], runs
for r in runs:
    assert r["launcher"] == "slurm" and r["timed_steps"] == 3, r
    assert r["step_seconds"] > 0 and r["compute_seconds"] > 0, r
two = [r for r in runs if r["ranks"] == 2][0]
assert two["bytes_per_step"] > 0, two  # 2 ranks exchange data, 1 rank does not need to
print("ok: scaling.json has both runs, 2-rank bytes/step", two["bytes_per_step"])
PY
  ls "$work"/sweep/scaling-strong-time.png "$work"/sweep/scaling-strong-efficiency.png >/dev/null ||
    die "no plots"
  ;;

*) die "unknown case $case_name" ;;
esac
echo "ok: $case_name"
