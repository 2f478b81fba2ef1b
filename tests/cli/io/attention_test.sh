#!/usr/bin/env bash
# Attention tools end to end (docs/attention.md), exact mode on 4x4 so every energy is deterministic:
# --output.attention_every logs D > 0 for standard attention; vmc_measure --attention.freeze gives
# the same E/N as the first step of the frozen model built by vmc_dist --init.attention_maps with a
# full alpha; the displacement-table conversion starts at that E/N too (the exact mean map is
# translation covariant); freeze on a factored checkpoint is refused with exit 2.
set -u
mpiexec=$1 dist=$2 measure=$3 work=$4
die() { echo "FAIL: $*"; exit 1; }
mpi=(timeout --kill-after=5 120 "$mpiexec" -n 2 --oversubscribe --bind-to none)
rm -rf "$work"
mkdir -p "$work"
model=(--lattice.lx 4 --lattice.ly 4 --lattice.j2 0 --model.d 8 --model.layers 1 --model.ffn 2
       --sampler.type exact --measure.samples 0)

"${mpi[@]}" "$dist" "${model[@]}" --model.attention standard --optimizer.steps 2 \
  --output.attention_every 1 --output.dir "$work/std" >"$work/std.out" 2>&1 ||
  { tail "$work/std.out"; die "vmc_dist standard failed"; }
"${mpi[@]}" "$measure" --checkpoint "$work/std/checkpoint.h5" --attention.freeze --json \
  --output "$work/m.h5" >"$work/m.out" 2>&1 || { cat "$work/m.out"; die "vmc_measure failed"; }
for kind in full table; do
  extra=()
  [ $kind = full ] && extra=(--model.full_alpha true)
  "${mpi[@]}" "$dist" "${model[@]}" --model.attention factored "${extra[@]}" --optimizer.steps 1 \
    --init.from "$work/std/checkpoint.h5" --init.attention_maps "$work/m.h5" \
    --output.dir "$work/$kind" >"$work/$kind.out" 2>&1 ||
    { tail "$work/$kind.out"; die "vmc_dist --init.attention_maps ($kind) failed"; }
done
/usr/bin/python3 - "$work" <<'PY' || die "checks"
import json, sys, h5py, numpy as np
w = sys.argv[1]
with h5py.File(w + "/std/log.h5", "r") as f:
    d = np.array([f["attention_D_l0_h%d" % mu][()] for mu in range(2)])
    maps = sum(f["attention_map_l0_h0_d%d" % k][()] for k in range(4))
assert d.shape == (2, 2) and np.all(np.isfinite(d)) and np.all(d > 1e-6), d
assert np.allclose(maps, 1.0, atol=1e-12), maps  # softmax rows sum to 1, so does the average
m = json.loads([l for l in open(w + "/m.out") if l.startswith("{")][0])
assert all(x > 1e-6 for x in m["attention_spread"][0]), m
frozen = m["freeze_energy_per_site"]
for kind in ("full", "table"):
    with h5py.File(w + "/%s/log.h5" % kind, "r") as f:
        first = f["energy"][0]
    assert abs(first - frozen) < 1e-9 * abs(frozen), (kind, first, frozen)
print("ok: D", d[:, -1], "frozen E/N", frozen, "= first step of both conversions")
PY
out=$("${mpi[@]}" "$measure" --checkpoint "$work/full/checkpoint.h5" --attention.freeze 2>&1)
rc=$?
[ $rc = 2 ] || die "freeze on factored attention: exit $rc, expected 2"
grep -q -- "--attention.freeze" <<<"$out" || die "the refusal does not name --attention.freeze: $out"
echo "ok: freeze of a factored checkpoint refused"
