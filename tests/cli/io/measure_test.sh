#!/usr/bin/env bash
# measure_test.sh ATTENTION MPIEXEC VMC_DIST VMC_MEASURE WORK
# vmc_dist trains a few steps (and measures 512 samples at the end), then vmc_measure reads its
# checkpoint on 2 ranks: exit 0, the same final E/N as vmc_dist (same saved chains, same samples),
# S(pi,pi) > 0, an output file h5dump reads, and attention spread D over samples 0 (rounding) for factored
# attention, > 0 for standard attention, > 0 for decoupled attention and its softmax term and 0 for
# its position term; new chains for another count or seed; chains of |psi|
# (--sampler.psi_power 1) the same on 1 and 2 ranks, with every statistics key; in exact mode a
# weight profile that adds up to the sector.
# A missing checkpoint exits 2.
set -u
attention=$1 mpiexec=$2 dist=$3 measure=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "FAIL: $*"; exit 1; }
mpi=(timeout --kill-after=5 60 "$mpiexec" -n 2 --oversubscribe --bind-to none)
rm -rf "$work"
mkdir -p "$work"

"${mpi[@]}" "$dist" --lattice.lx 4 --lattice.ly 4 --model.d 8 --model.layers 2 \
  --model.attention "$attention" --sampler.chains 8 --sampler.samples 128 --optimizer.steps 3 \
  --measure.samples 512 --output.dir "$work/run" >"$work/dist.out" 2>&1 ||
  { tail "$work/dist.out"; die "vmc_dist failed"; }

"${mpi[@]}" "$measure" --checkpoint "$work/run/checkpoint.h5" --measure.samples 512 \
  --output "$work/measure.h5" --json >"$work/measure.out" 2>&1 ||
  { cat "$work/measure.out"; die "vmc_measure failed"; }
cat "$work/measure.out"
json=$(grep '^{' "$work/measure.out") || die "no JSON line"
/usr/bin/python3 - "$json" "$work/run/summary.json" <<'PY' || die "JSON checks"
import json, sys
m = json.loads(sys.argv[1])
s = json.load(open(sys.argv[2]))
assert m["samples"] == 512, m
assert m["s_pi_pi"] > 0 and m["s_pi_pi_error"] >= 0, m
assert m["s_pi_0"] >= 0, m
e = s["energy_per_site"]  # printed with 12 significant digits
assert s["samples"] == 512, s
assert abs(m["energy_per_site"] - e) <= 1e-11 * abs(e), (m["energy_per_site"], e)
print("ok: E/N equals vmc_dist's final measurement, S(pi,pi) =", m["s_pi_pi"])
PY
h5dump "$work/measure.h5" >/dev/null || die "h5dump cannot read the output"
case $attention in
  factored) check=(attention_std zero) ;;
  standard) check=(attention_std positive) ;;
  *) check=(attention_terms) ;;  # decoupled: the maps, their softmax and position terms
esac
/usr/bin/python3 "$here/h5_compare.py" "${check[0]}" "$work/measure.h5" "${check[@]:1}" ||
  die "attention"

# The chains are global: on 1 rank the same saved chains give the same E/N (to round-off). Another
# chain count draws new chains and warms them up.
one=(timeout --kill-after=5 60 "$mpiexec" -n 1 --oversubscribe --bind-to none "$measure"
     --checkpoint "$work/run/checkpoint.h5" --measure.samples 512 --json)
"${one[@]}" >"$work/one.out" 2>&1 || { cat "$work/one.out"; die "vmc_measure on 1 rank failed"; }
"${one[@]}" --sampler.chains 4 >"$work/new.out" 2>&1 || { cat "$work/new.out"; die "4 chains"; }
grep -q "new chains" "$work/new.out" || die "--sampler.chains 4 should draw new chains"
/usr/bin/python3 - "$json" "$(grep '^{' "$work/one.out")" "$(grep '^{' "$work/new.out")" <<'PY' ||
import json, sys
two, one, new = (json.loads(a) for a in sys.argv[1:4])
assert abs(one["energy_per_site"] - two["energy_per_site"]) <= 1e-10 * abs(two["energy_per_site"])
assert abs(one["s_pi_pi"] - two["s_pi_pi"]) <= 1e-10 * two["s_pi_pi"]
assert new["samples"] == 512 and new["s_pi_pi"] > 0 and new["energy_per_site"] != two["energy_per_site"]
print("ok: 1 rank == 2 ranks:", one["energy_per_site"], "; 4 new chains:", new["energy_per_site"])
PY
  die "rank-count / new-chain checks"

# Another seed with the saved chain count also starts new chains; chains of |psi| (psi_power 1)
# with importance weights give the same numbers on 1 and 2 ranks, fewer effective samples, and
# every statistics key (energy_per_site_error equals its alias error_per_site).
"${one[@]}" --sampler.seed 99 >"$work/seed.out" 2>&1 || { cat "$work/seed.out"; die "seed 99"; }
grep -q "new chains" "$work/seed.out" || die "--sampler.seed 99 should draw new chains"
"${one[@]}" --sampler.seed 5 --sampler.psi_power 1 >"$work/q1_1.out" 2>&1 ||
  { cat "$work/q1_1.out"; die "psi_power 1 on 1 rank"; }
"${mpi[@]}" "$measure" --checkpoint "$work/run/checkpoint.h5" --measure.samples 512 --json \
  --sampler.seed 5 --sampler.psi_power 1 >"$work/q1_2.out" 2>&1 ||
  { cat "$work/q1_2.out"; die "psi_power 1 on 2 ranks"; }
grep -q "reweighted to |psi|^2" "$work/q1_2.out" || die "no effective-sample line for psi_power 1"
/usr/bin/python3 - "$(grep '^{' "$work/q1_1.out")" "$(grep '^{' "$work/q1_2.out")" <<'PY' ||
import json, sys
one, two = (json.loads(a) for a in sys.argv[1:3])
for key in ("energy_per_site", "energy_per_site_error", "variance", "variance_error", "s_pi_pi"):
    assert abs(one[key] - two[key]) <= 1e-9 * abs(two[key]), (key, one[key], two[key])
assert two["psi_power"] == 1 and 0 < two["effective_samples"] < two["samples"], two
assert two["energy_per_site_error"] == two["error_per_site"] > 0, two
assert two["variance_error"] > 0 and two["largest_variance_share"] > 0, two
for key in ("energy_tail_shape", "variance_tail_shape", "error_trusted", "variance_trusted"):
    assert key in two, key
assert isinstance(two["warnings"], list), two
print("ok: psi_power 1 on 1 and 2 ranks:", two["energy_per_site"], "ESS", two["effective_samples"])
PY
  die "psi_power 1 checks"
"${one[@]}" --sampler.psi_power 3 >"$work/q3.out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q -- "--sampler.psi_power" "$work/q3.out" ||
  { cat "$work/q3.out"; die "psi_power 3: exit $rc, expected 2 naming the option"; }

# Exact mode: the weight profile adds up to the whole sector (12,870 states, mass 1, the variance),
# the same on 1 and 2 ranks.
for r in 1 2; do
  timeout --kill-after=5 60 "$mpiexec" -n $r --oversubscribe --bind-to none "$measure" \
    --checkpoint "$work/run/checkpoint.h5" --sampler.type exact --json >"$work/exact$r.out" 2>&1 ||
    { cat "$work/exact$r.out"; die "exact vmc_measure on $r ranks failed"; }
done
grep -q "by the states' own probability" "$work/exact2.out" || die "no weight profile in the report"
/usr/bin/python3 - "$(grep '^{' "$work/exact1.out")" "$(grep '^{' "$work/exact2.out")" <<'PY' ||
import json, sys
one, two = (json.loads(a) for a in sys.argv[1:3])
bins = two["weight_profile"]
assert sum(b["states"] for b in bins) == 12870, bins
assert abs(sum(b["mass"] for b in bins) - 1) < 1e-12, bins
assert abs(sum(b["variance"] for b in bins) - two["variance"]) <= 1e-10 * two["variance"], bins
assert abs(sum(b["energy_per_site"] for b in bins)) < 1e-12, bins
assert all(b["p_from"] <= b["mass"] / b["states"] < b["p_to"] for b in bins), bins
assert len(bins) >= 2, bins
for a, b in zip(one["weight_profile"], bins):
    assert a["states"] == b["states"] and abs(a["mass"] - b["mass"]) < 1e-13, (a, b)
print("ok: exact weight profile over", len(bins), "decades adds up to the sector")
PY
  die "exact weight profile"

"${mpi[@]}" "$measure" --checkpoint "$work/none.h5" >"$work/bad.out" 2>&1
rc=$?
[ "$rc" -eq 2 ] || { cat "$work/bad.out"; die "missing checkpoint: exit $rc, expected 2"; }
grep -q "none.h5" "$work/bad.out" || die "missing checkpoint not named"
echo "ok: vmc_measure $attention"
