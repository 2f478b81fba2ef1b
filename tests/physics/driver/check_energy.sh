#!/usr/bin/env bash
# check_energy.sh OUTDIR EXACT_PER_SITE MAX_REL -- command...
# Runs a vmc_dist study into OUTDIR (fresh) and passes when summary.json's energy per site is within
# MAX_REL (relative) of EXACT_PER_SITE: for lattices whose exact energy summary.json does not know
# (the Shastry-Sutherland cluster outside the dimer phase; the value comes from vmc_ed).
set -u
out=$1 exact=$2 max=$3
shift 4
rm -rf "$out"
"$@" --output.dir "$out" || { echo "run failed"; exit 1; }
python3 - "$out/summary.json" "$exact" "$max" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
exact, limit = float(sys.argv[2]), float(sys.argv[3])
e = s["energy_per_site"]
rel = abs((e - exact) / exact) if e is not None else float("inf")
print(f"E/N = {e:.8f} +- {s['energy_per_site_error']:.2e}, exact {exact}, relative error {rel:.3e}"
      f" (limit {limit:.1e}), V-score {s['v_score']:.3e}, {s['wall_seconds']:.0f} s")
sys.exit(0 if rel <= limit else 1)
PY
