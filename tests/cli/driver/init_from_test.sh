#!/usr/bin/env bash
# init_from_test.sh CASE MPIEXEC VMC_DIST WORK
#   source      : a 3-step 4x4 run whose checkpoint the other cases start from (fixture)
#   transfer    : 4x4 -> 8x8 on 2 ranks: exit 0, step 0 again (2 steps run), the header names the
#                 source, summary.json records it under "init_from"; a rerun with --restart auto
#                 continues the run's own checkpoint and still records the source
#   same_lattice: 4x4 -> 4x4 with lattice symmetrisation turned on: the run starts from the source's
#                 parameters (its first-step energy is far below a random start's)
#   refusals    : another d / heads / layers / patch / attention / model type / full_alpha, a
#                 missing file and an unknown rule each end every rank with exit 2 naming the setting
set -u
case=$1 mpiexec=$2 dist=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
expect="$here/../expect_exit.sh"
die() { echo "FAIL: $*"; exit 1; }
mpi=(timeout --kill-after=5 90 "$mpiexec" -n 2 --oversubscribe --bind-to none)
small=(--model.d 8 --model.heads 2 --model.layers 2 --sampler.chains 8 --sampler.samples 128
  --measure.samples 256)
src="$work/source/checkpoint.h5"

case $case in
source)
  rm -rf "$work" && mkdir -p "$work"
  "${mpi[@]}" "$dist" --lattice.lx 4 --lattice.ly 4 --lattice.j2 0 "${small[@]}" --optimizer.steps 30 \
    --output.dir "$work/source" >"$work/source.out" 2>&1 || { tail "$work/source.out"; die "source run"; }
  [ -f "$src" ] || die "no source checkpoint"
  ;;
transfer)
  out="$work/transfer"
  rm -rf "$out"
  "${mpi[@]}" "$dist" --lattice.lx 8 --lattice.ly 8 --lattice.j2 0 "${small[@]}" --optimizer.steps 2 \
    --output.dir "$out" --init.from "$src" >"$work/transfer.out" 2>&1 ||
    { tail "$work/transfer.out"; die "transfer run"; }
  grep -q "initialised from $src (step 30, 4x4.*rule 'wrap'" "$work/transfer.out" || { cat "$work/transfer.out"; die "header"; }
  grep -q "step     1/2" "$work/transfer.out" || die "did not start at step 0"
  "${mpi[@]}" "$dist" --lattice.lx 8 --lattice.ly 8 --lattice.j2 0 "${small[@]}" --optimizer.steps 3 \
    --output.dir "$out" --init.from "$src" --restart auto >"$work/transfer2.out" 2>&1 ||
    { tail "$work/transfer2.out"; die "restart of a transferred run"; }
  grep -q "restarted from .* at step 2" "$work/transfer2.out" || die "restart did not continue"
  /usr/bin/python3 - "$out/summary.json" "$src" <<'PY' || die "summary.json"
import json, sys
s = json.load(open(sys.argv[1]))
i = s["init_from"]
assert i["checkpoint"] == sys.argv[2] and i["new_displacements"] == "wrap", i
assert s["steps"] == 3 and s["lattice"]["lx"] == 8, s
print("ok: summary.json init_from =", i)
PY
  ;;
same_lattice)
  for init in "$src" ""; do
    name=same_${init:+from}
    args=(--lattice.lx 4 --lattice.ly 4 --lattice.j2 0 "${small[@]}" --optimizer.steps 1
      --model.symmetrize lattice --output.dir "$work/$name")
    [ -n "$init" ] && args+=(--init.from "$init")
    rm -rf "$work/$name"
    "${mpi[@]}" "$dist" "${args[@]}" >"$work/$name.out" 2>&1 || { tail "$work/$name.out"; die "$name"; }
  done
  /usr/bin/python3 - "$work/source/summary.json" "$work/same_from.out" "$work/same_.out" <<'PY' || die "energies"
import json, re, sys
src = json.load(open(sys.argv[1]))["energy_per_site"]
first = lambda p: float(re.search(r"step +1/1 +E/N = (-?[0-9.]+)", open(p).read()).group(1))
moved, fresh = first(sys.argv[2]), first(sys.argv[3])
print("source final E/N %.4f, transferred step 1 %.4f, random start %.4f" % (src, moved, fresh))
# The trained 4x4 source is well below a random start; the symmetrised transfer starts near it.
assert src < fresh - 0.05, (src, fresh)
assert abs(moved - src) < 0.5 * abs(fresh - src), (moved, src, fresh)
PY
  ;;
refusals)
  # run REGEX D HEADS LAYERS [more options]: the source has d 8, 2 heads, 2 layers.
  run() { "$expect" 2 "$1" 60 -- "${mpi[@]:3}" "$dist" --lattice.lx 8 --lattice.ly 8 --lattice.j2 0 \
    --model.d "$2" --model.heads "$3" --model.layers "$4" --sampler.chains 8 --sampler.samples 128 \
    --optimizer.steps 1 --output.dir "$work/refused" "${@:5}" || die "case /$1/"; }
  run "--model.d: the --init.from checkpoint has model.d = 8, this run 16" 16 2 2 --init.from "$src"
  run "--model.heads: .*heads = 2, this run 4" 8 4 2 --init.from "$src"
  run "--model.layers: .*layers = 2, this run 3" 8 2 3 --init.from "$src"
  run "--model.patch: .*patch = 2, this run 4" 8 2 2 --init.from "$src" --model.patch 4
  run "--model.attention: .*issue 12" 8 2 2 --init.from "$src" --model.attention standard
  run "--model.type: .*type = vit, this run rbm" 8 2 2 --init.from "$src" --model.type rbm
  run "--model.full_alpha: .*full_alpha = false, this run true" 8 2 2 --init.from "$src" --model.full_alpha true
  run "--lattice.marshall: " 8 2 2 --init.from "$src" --lattice.marshall false
  run "--init.from: .*no such file" 8 2 2 --init.from "$work/none.h5"
  run "--init.new_displacements: must be one of wrap \| zero \| nearest" 8 2 2 --init.from "$src" --init.new_displacements far
  [ -e "$work/refused/checkpoint.h5" ] && die "a refused run wrote a checkpoint"
  echo "ok: every refusal exits 2 naming the setting"
  ;;
*) die "unknown case $case" ;;
esac
echo "ok: $case"
