#!/usr/bin/env bash
# compare_precisions.sh OUTDIR -- command...
# Runs a vmc_dist study in float64 into OUTDIR/float64, copies it to OUTDIR/float32 and re-measures
# the same final theta there with --model.precision float32 (--restart auto at the last step only
# measures). Passes when the float32 energy lies within the float64 run's error bar.
# Two independent short studies would compare optimisation trajectories, not the precision: their
# stochastic SR updates diverge after a few steps (docs/benchmarks.md, "Single precision").
set -u
out=$1
shift 2
rm -rf "$out/float64" "$out/float32"
"$@" --model.precision float64 --output.dir "$out/float64" >"$out.float64.log" 2>&1 ||
  { echo "float64 run failed"; tail -20 "$out.float64.log"; exit 1; }
cp -r "$out/float64" "$out/float32"
"$@" --model.precision float32 --restart auto --output.dir "$out/float32" >"$out.float32.log" 2>&1 ||
  { echo "float32 re-measurement failed"; tail -20 "$out.float32.log"; exit 1; }
python3 - "$out/float64/summary.json" "$out/float32/summary.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
ea, sa, eb, sb = a["energy_per_site"], a["energy_per_site_error"], b["energy_per_site"], b["energy_per_site_error"]
diff = abs(eb - ea)
print(f"same theta: float64 E/N = {ea:.6f} +- {sa:.1e}; float32 E/N = {eb:.6f} +- {sb:.1e}; "
      f"|diff| = {diff:.1e} ({diff / sa:.2f} of float64's error bar)")
sys.exit(0 if diff <= sa else 1)
PY
