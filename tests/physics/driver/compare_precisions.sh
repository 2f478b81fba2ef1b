#!/usr/bin/env bash
# compare_precisions.sh OUTDIR -- command...
# Runs the same vmc_dist study with --model.precision float64 and float32 (same seeds) into
# OUTDIR/float64 and OUTDIR/float32, and passes when the final energies agree within two combined
# error bars, sqrt(err64^2 + err32^2). Prints both and whether float32 lies within float64's own bar.
set -u
out=$1
shift 2
for p in float64 float32; do
  rm -rf "$out/$p"
  "$@" --model.precision "$p" --output.dir "$out/$p" >"$out.$p.log" 2>&1 ||
    { echo "run $p failed"; tail -20 "$out.$p.log"; exit 1; }
done
python3 - "$out/float64/summary.json" "$out/float32/summary.json" <<'PY'
import json, math, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
ea, sa, eb, sb = a["energy_per_site"], a["energy_per_site_error"], b["energy_per_site"], b["energy_per_site_error"]
diff, combined = abs(eb - ea), math.hypot(sa, sb)
print(f"float64 E/N = {ea:.6f} +- {sa:.1e} ({a['wall_seconds']:.0f} s); "
      f"float32 E/N = {eb:.6f} +- {sb:.1e} ({b['wall_seconds']:.0f} s); |diff| = {diff:.1e}, "
      f"within float64's bar: {diff <= sa}, combined bar {combined:.1e}")
sys.exit(0 if diff <= 2 * combined else 1)
PY
