#!/usr/bin/env bash
# Word splitting of $(run_args) and $(rank_pids) is intended.
# shellcheck disable=SC2046
# restart_tests.sh CASE MPIEXEC VMC_DIST WORKROOT
# Restart, signal and crash behaviour of vmc_dist as users (and batch systems) meet it. The case
# "reference" is a straight 8-step run on 2 ranks that the other cases compare against (ctest
# fixture); every case works in its own fresh WORKROOT/<case>.
set -u
case_name=$1 mpiexec=$2 vmc=$3 root=$4
here=$(cd "$(dirname "$0")" && pwd)
source "$here/restart_lib.sh"
ref=$root/reference
work=$root/$case_name
steps=8
args=(--lattice.lx 4 --lattice.ly 4 --model.d 8 --model.layers 1 --sampler.samples 128
      --measure.samples 0)
# STEPS=n / EVERY=k / CHAINS=c before run_dist or start_dist override --optimizer.steps /
# --output.checkpoint_every / --sampler.chains.
run_args() {
  echo --optimizer.steps "${STEPS:-$steps}" --output.checkpoint_every "${EVERY:-2}" \
    --sampler.chains "${CHAINS:-8}"
}

# expect_refused DIR PATTERN WHAT: --restart auto on DIR exits 2 with PATTERN in its output and
# leaves DIR as it was.
expect_refused() {
  local dir=$1 pattern=$2 what=$3 before
  before=$(fingerprint "$dir")
  STEPS=12 run_dist 2 "$dir" --restart auto
  [ "$rc" -eq 2 ] || { cat "$dir.out"; die "$what: exit $rc, expected 2"; }
  grep -q "$pattern" "$dir.out" || { cat "$dir.out"; die "$what: the message lacks '$pattern'"; }
  [ "$before" = "$(fingerprint "$dir")" ] || die "$what: output.dir changed"
}

same_as_reference() {  # DIR: final theta and every logged energy bit-identical to the reference
  check theta_equal "$ref/checkpoint.h5" "$1/checkpoint.h5" || die "theta of $1"
  check energies "$ref/log.h5" "$1/log.h5" 0 || die "energies of $1"
}

case $case_name in
reference)
  rm -rf "$ref" "$ref.out"
  mkdir -p "$root"
  run_dist 2 "$ref"
  expect_ok "$ref"
  [ "$(check step "$ref/checkpoint.h5")" = "$steps" ] || die "reference did not reach step $steps"
  ;;

same_ranks)  # 3 steps, then --restart auto to 8 on the same 2 ranks: bit-identical
  fresh
  STEPS=3 run_dist 2 "$work/run"
  expect_ok "$work/run"
  run_dist 2 "$work/run" --restart auto
  expect_ok "$work/run"
  grep -q "restarted from .* at step 3" "$work/run.out" || die "no restart message"
  grep -q "chain count changed" "$work/run.out" && die "chains should have been restored"
  same_as_reference "$work/run"
  ;;

other_ranks)  # the 3-step checkpoint of 2 ranks continued on 3 and on 1 rank: same to round-off
  fresh
  STEPS=3 run_dist 2 "$work/base"
  expect_ok "$work/base"
  for r in 3 1; do
    cp -a "$work/base" "$work/np$r"
    run_dist "$r" "$work/np$r" --restart auto
    expect_ok "$work/np$r"
    grep -q "restarted from .* at step 3" "$work/np$r.out" || die "no restart message on $r ranks"
    check energies "$ref/log.h5" "$work/np$r/log.h5" 1e-10 || die "energies on $r ranks"
  done
  ;;

reproducible)  # --optimizer.reproducible: 2, 1 and 3 ranks, and 1 rank continued on 3, bit-identical
  fresh
  rep=(--optimizer.reproducible true)
  for r in 2 1 3; do
    run_dist "$r" "$work/np$r" "${rep[@]}"
    expect_ok "$work/np$r"
  done
  STEPS=3 run_dist 1 "$work/mixed" "${rep[@]}"
  expect_ok "$work/mixed"
  run_dist 3 "$work/mixed" "${rep[@]}" --restart auto
  expect_ok "$work/mixed"
  grep -q "restarted from .* at step 3" "$work/mixed.out" || die "no restart message"
  for d in np1 np3 mixed; do
    check theta_equal "$work/np2/checkpoint.h5" "$work/$d/checkpoint.h5" || die "theta of $d"
    check energies "$work/np2/log.h5" "$work/$d/log.h5" 0 || die "energies of $d"
  done
  ;;

kill_between)  # kill -9 every rank once checkpoint-2 exists; --restart auto ends where the reference does
  fresh
  start_dist 2 "$work/run"
  wait_for_file "$work/run/checkpoint-00000002.h5" 60
  wait_for_ranks 2 || die "the run ended before the kill"
  kill -9 $(rank_pids)
  wait_killed 10
  [ "$rc" -ne 0 ] || die "mpirun exited 0 although its ranks were killed (the run finished first?)"
  killed_at=$(check step "$work/run/checkpoint.h5") || die "checkpoint.h5 unreadable after kill -9"
  [ "$killed_at" -lt "$steps" ] || die "the run reached step $steps before the kill"
  echo "killed with checkpoint.h5 at step $killed_at"
  run_dist 2 "$work/run" --restart auto
  expect_ok "$work/run"
  same_as_reference "$work/run"
  ;;

kill_during)  # kill -9 at random moments with a checkpoint every step: checkpoint.h5 stays whole
  fresh
  RANDOM=7
  kills=0 mid_write=0
  for try in 1 2 3 4 5 6 7 8; do
    EVERY=1 start_dist 2 "$work/run" --restart auto
    # Once a step is done, every moment is a step or a checkpoint write (one each step).
    if wait_for_step "$work/run.out" && wait_for_ranks 2; then
      sleep "$(printf '0.0%d' $((RANDOM % 10)))"  # short: on an idle machine a step takes ~0.1 s
      ranks=$(rank_pids)
      [ -n "$ranks" ] && kill -9 $ranks 2>/dev/null
    fi
    wait_killed 10
    [ "$rc" -eq 0 ] && { echo "try $try: the run had finished"; break; }
    kills=$((kills + 1))
    [ -e "$work/run/checkpoint.h5.tmp" ] && mid_write=$((mid_write + 1))
    if [ -e "$work/run/checkpoint.h5" ]; then
      h5dump -H "$work/run/checkpoint.h5" >/dev/null || die "try $try: checkpoint.h5 unreadable"
      h5dump -H "$work/run/log.h5" >/dev/null || die "try $try: log.h5 unreadable"
      echo "try $try: killed; checkpoint.h5 at step $(check step "$work/run/checkpoint.h5")" \
        "$([ -e "$work/run/checkpoint.h5.tmp" ] && echo "(a checkpoint write was interrupted)")"
    else
      echo "try $try: killed before the first checkpoint"
    fi
    rm -f "$work/run/checkpoint.h5.tmp"  # tell the next kill's leftover from this one's
  done
  echo "$kills kills, $mid_write during a checkpoint write"
  # How many kills land before the 8-step run ends depends on the machine's speed; one is the minimum
  # that exercises the restart-after-kill path.
  [ "$kills" -ge 1 ] || die "no kill landed before the run finished"
  EVERY=1 run_dist 2 "$work/run" --restart auto
  expect_ok "$work/run"
  same_as_reference "$work/run"
  ;;

sigusr1_mpirun)  # SIGUSR1 to mpirun (forwarded to the ranks): checkpoint, exit 0, restart completes
  fresh
  start_dist 2 "$work/run"
  wait_for_file "$work/run/checkpoint-00000002.h5" 60
  kill -USR1 "$pid"
  wait "$pid"
  rc=$?
  [ "$rc" -eq 0 ] || { tail "$work/run.out"; die "exit $rc after SIGUSR1"; }
  grep -q "signal 10 received: checkpoint of step" "$work/run.out" || die "no signal message"
  at=$(check step "$work/run/checkpoint.h5")
  [ "$at" = "$(check log_last_step "$work/run/log.h5")" ] || die "checkpoint and log disagree"
  [ "$at" -lt "$steps" ] || die "the run reached step $steps before the signal"
  run_dist 2 "$work/run" --restart auto
  expect_ok "$work/run"
  same_as_reference "$work/run"
  ;;

sigterm_ranks)  # SIGTERM to every rank directly (what srun does at the time limit): same
  fresh
  start_dist 2 "$work/run"
  wait_for_file "$work/run/checkpoint-00000002.h5" 60
  wait_for_ranks 2 || die "the run ended before the signal"
  kill -TERM $(rank_pids)
  wait "$pid"
  rc=$?
  [ "$rc" -eq 0 ] || { tail "$work/run.out"; die "exit $rc after SIGTERM"; }
  grep -q "signal 15 received: checkpoint of step" "$work/run.out" || die "no signal message"
  at=$(check step "$work/run/checkpoint.h5")
  [ "$at" -lt "$steps" ] || die "the run reached step $steps before the signal"
  run_dist 2 "$work/run" --restart auto
  expect_ok "$work/run"
  same_as_reference "$work/run"
  ;;

double_signal)  # a second SIGTERM ends the ranks at once (128 + 15); the last checkpoint stays usable
  fresh
  start_dist 2 "$work/run"
  wait_for_file "$work/run/checkpoint-00000002.h5" 60
  wait_for_ranks 2 || die "the run ended before the signal"
  ranks=$(rank_pids)
  kill -TERM $ranks
  sleep 0.01
  kill -TERM $ranks 2>/dev/null
  wait "$pid"
  rc=$?
  [ "$rc" -ne 0 ] || die "exit 0: the second signal did not end the ranks at once"
  grep -q "exited on signal\|exit code: *143\|Exit code: *143" "$work/run.out" ||
    { cat "$work/run.out"; die "no exit code 143 reported by mpirun"; }
  h5dump -H "$work/run/checkpoint.h5" >/dev/null || die "checkpoint.h5 unreadable"
  run_dist 2 "$work/run" --restart auto
  expect_ok "$work/run"
  same_as_reference "$work/run"
  ;;

new_chains)  # a restart with another chain count: new chains, warm-up, the run completes
  fresh
  STEPS=3 run_dist 2 "$work/run"
  expect_ok "$work/run"
  CHAINS=16 run_dist 2 "$work/run" --restart auto
  expect_ok "$work/run"
  grep -q "chain count changed: new chains, warmed up" "$work/run.out" || die "no new-chain message"
  [ "$(check step "$work/run/checkpoint.h5")" = "$steps" ] || die "did not reach step $steps"
  /usr/bin/python3 - "$ref/log.h5" "$work/run/log.h5" <<'PY' || die "log rows"
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
assert list(a["step"][()]) == list(b["step"][()]), (a["step"][()], b["step"][()])
assert a["energy"][:3].tobytes() == b["energy"][:3].tobytes()  # before the restart: the same run
assert np.all(a["energy"][3:] != b["energy"][3:])  # after it: other chains, other samples
print("ok: steps 1-3 identical, 4-8 from new chains")
PY
  ;;

truncated)  # a truncated checkpoint is refused with exit 2 before output.dir is touched
  fresh
  cp -a "$ref" "$work/out"
  cp "$ref/checkpoint.h5" "$work/bad.h5"
  truncate -s $(($(stat -c %s "$work/bad.h5") / 2)) "$work/bad.h5"
  before=$(fingerprint "$work/out")
  STEPS=12 run_dist 2 "$work/out" --restart "$work/bad.h5"
  [ "$rc" -eq 2 ] || { cat "$work/out.out"; die "exit $rc, expected 2"; }
  grep -Eq "restart.*bad\.h5" "$work/out.out" || { cat "$work/out.out"; die "message does not name the file"; }
  grep -qi "truncated" "$work/out.out" || { cat "$work/out.out"; die "message does not say truncated"; }
  [ "$before" = "$(fingerprint "$work/out")" ] || die "output.dir changed"
  run_dist 2 "$work/new" --restart "$work/bad.h5"
  [ "$rc" -eq 2 ] || die "exit $rc into a new dir, expected 2"
  [ -e "$work/new" ] && die "a refused restart created output.dir"
  true
  ;;

mismatch)  # a checkpoint of another lattice or architecture: exit 2 naming the difference
  fresh
  cp -a "$ref" "$work/out"
  before=$(fingerprint "$work/out")
  # J2 = 0.5000000001 differs from the reference's 0.5 in the 10th digit: the echo must keep it.
  for wrong in "lattice.lx 6|lattice\.lx" "lattice.j2 0.3|lattice\.j2" "model.d 16|model\.d" \
               "model.attention standard|model\.attention" \
               "lattice.j2 0.5000000001|lattice\.j2: checkpoint 0\.5, expected 0\.5000000001"; do
    opt=${wrong%%|*} regex=${wrong##*|}
    STEPS=12 run_dist 2 "$work/out" --restart auto --${opt% *} "${opt#* }"
    [ "$rc" -eq 2 ] || { cat "$work/out.out"; die "--$opt: exit $rc, expected 2"; }
    grep -Eq "$regex" "$work/out.out" || { cat "$work/out.out"; die "--$opt: not named"; }
    [ "$before" = "$(fingerprint "$work/out")" ] || die "--$opt: output.dir changed"
  done
  ;;

flipped_byte)  # one flipped byte in theta or in the chains: exit 2 naming the dataset, dir untouched
  fresh
  for name in /parameters/theta /chains/configs /chains/log_psi; do
    cp -a "$ref" "$work/out"
    check flip_byte "$work/out/checkpoint.h5" "$name" || die "cannot damage $name"
    expect_refused "$work/out" "dataset $name: checksum mismatch" "$name"
    rm -rf "$work/out"
  done
  ;;

unchecked_checkpoint)  # data checksums stripped (h5repack -f NONE): refused as schema 4, read as 2
  fresh
  cp -a "$ref" "$work/out"
  rm -f "$work"/out/checkpoint*.h5
  h5repack --latest -f NONE "$ref/checkpoint.h5" "$work/out/checkpoint.h5" || die "h5repack"
  STEPS=12 run_dist 2 "$work/out" --restart auto
  [ "$rc" -eq 2 ] || { cat "$work/out.out"; die "exit $rc for a schema-4 file without checksums"; }
  grep -q "dataset /parameters/theta has no Fletcher32 checksum" "$work/out.out" ||
    { cat "$work/out.out"; die "message does not name the unchecked dataset"; }
  /usr/bin/python3 -c "import h5py, sys; h5py.File(sys.argv[1], 'r+').attrs['schema_version'] = 2" \
    "$work/out/checkpoint.h5" || die "cannot relabel as schema 2"
  STEPS=10 run_dist 2 "$work/out" --restart auto
  expect_ok "$work/out"
  grep -q "restarted from .* at step 8" "$work/out.out" || die "schema-2 checkpoint not continued"
  ;;

old_format)  # unchecksummed HDF5 metadata (schema <= 3): refused unopened; the documented h5repack converts
  fresh
  convert=(h5repack --latest -m 1 -f FLET)  # -m 1 -f FLET: rewrite every dataset (docs/checkpoint-format.md)
  cp -a "$ref" "$work/out"
  rm -f "$work"/out/checkpoint*.h5
  h5repack "$ref/checkpoint.h5" "$work/out/checkpoint.h5" || die "h5repack to the 1.8 format"
  expect_refused "$work/out" "superblock version 0 has no checksum.*${convert[*]}" "an unchecksummed file"
  "${convert[@]}" "$work/out/checkpoint.h5" "$work/new.h5" && mv "$work/new.h5" "$work/out/checkpoint.h5" ||
    die "${convert[*]}"
  STEPS=10 run_dist 2 "$work/out" --restart auto
  expect_ok "$work/out"
  grep -q "restarted from .* at step 8" "$work/out.out" || die "converted checkpoint not continued"
  # A checkpoint really written before schema 4 (version-1 object headers throughout, which plain
  # `h5repack --latest` keeps on the datasets it copies unchanged): converted, same data, measured.
  old=$here/../../fuzz/corpus/checkpoint/old-format-vit_4x4_step2.h5
  "${convert[@]}" "$old" "$work/old.h5" || die "${convert[*]} on $old"
  h5diff "$old" "$work/old.h5" >/dev/null || die "the conversion changed data (h5diff)"
  "$(dirname "$vmc")/vmc_measure" --checkpoint "$work/old.h5" --measure.samples 32 --json \
    >"$work/old.out" 2>&1 || { cat "$work/old.out"; die "vmc_measure refused the converted old checkpoint"; }
  grep -q '"step":2,' "$work/old.out" || { cat "$work/old.out"; die "no measurement of the old checkpoint"; }
  ;;

damaged_header)  # a chunk dimension of 0 in a layout message (crashed HDF5): checksum refuses it
  fresh
  for name in /parameters/theta /chains/configs; do
    cp -a "$ref" "$work/out"
    check zero_chunk_dim "$work/out/checkpoint.h5" "$name" || die "cannot damage $name"
    expect_refused "$work/out" "incorrect metadata checksum" "$name"
    rm -rf "$work/out"
  done
  ;;

walltime)  # --run.walltime 00:00:08 on a 100000-step run: checkpoint, exit 0 in time, restart continues
  # (8 s, not 4: on a loaded machine start-up and step jitter are a large part of a 4 s budget)
  fresh
  t0=$(date +%s.%N)
  STEPS=100000 EVERY=100000 run_dist 2 "$work/run" --run.walltime 00:00:08
  t1=$(date +%s.%N)
  expect_ok "$work/run"
  line=$(grep "^walltime: " "$work/run.out") || { cat "$work/run.out"; die "no walltime message"; }
  echo "$line (mpirun took $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s)"
  used=$(sed -E 's/^walltime: ([0-9.e+-]+) s of.*/\1/' <<<"$line")
  awk -v u="$used" 'BEGIN { exit !(u < 8) }' || die "stopped after $used s, beyond the 8 s budget"
  at=$(check step "$work/run/checkpoint.h5")
  [ "$at" -ge 1 ] && [ "$at" -lt 100000 ] || die "checkpoint at step $at"
  [ "$at" = "$(check log_last_step "$work/run/log.h5")" ] || die "checkpoint and log disagree"
  STEPS=$((at + 2)) EVERY=100000 run_dist 2 "$work/run" --restart auto --run.walltime 00:10:00
  expect_ok "$work/run"
  grep -q "restarted from .* at step $at" "$work/run.out" || die "no restart from step $at"
  [ "$(check step "$work/run/checkpoint.h5")" = "$((at + 2))" ] || die "restart did not finish"
  ;;

checkpoint_minutes)  # checkpoints by wall time (every 0.12 s; the 30 steps take ~0.6 s on an idle machine) although checkpoint_every is never reached
  fresh
  STEPS=30 EVERY=1000 run_dist 2 "$work/run" --output.checkpoint_minutes 0.002 --output.keep 100
  expect_ok "$work/run"
  early=0
  for f in "$work"/run/checkpoint-*.h5; do
    s=$(check step "$f")
    [ "$s" -lt 30 ] && early=$((early + 1))
  done
  echo "$early checkpoints before the last step (by wall time)"
  [ "$early" -ge 1 ] || die "no checkpoint by wall time"
  ;;

h5dump_outputs)  # h5dump reads every file vmc_dist writes
  n=0
  for f in "$ref"/*.h5; do
    h5dump "$f" >/dev/null || die "h5dump cannot read $f"
    n=$((n + 1))
  done
  [ -e "$ref/log.h5" ] && [ -e "$ref/checkpoint.h5" ] || die "missing log.h5 or checkpoint.h5"
  ls "$ref"/checkpoint-000000*.h5 >/dev/null || die "no checkpoint-<step>.h5"
  h5dump -d /parameters/theta "$ref/checkpoint.h5" | grep -q DATASPACE || die "no theta"
  echo "ok: h5dump read $n files"
  ;;

*) die "unknown case $case_name" ;;
esac
echo "ok: $case_name"
