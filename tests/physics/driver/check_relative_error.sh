#!/usr/bin/env bash
# check_relative_error.sh OUTDIR MAX_REL -- command...
# Runs a vmc_dist study into OUTDIR (fresh) and passes when summary.json's relative error against the
# exact energy is at most MAX_REL.
set -u
out=$1 max=$2
shift 3
rm -rf "$out"
"$@" --output.dir "$out" || { echo "run failed"; exit 1; }
python3 - "$out/summary.json" "$max" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
rel, limit = s["relative_error"], float(sys.argv[2])
print(f"E/N = {s['energy_per_site']:.8f} +- {s['energy_per_site_error']:.2e}, exact {s['exact_energy_per_site']},"
      f" relative error {rel:.3e} (limit {limit:.1e}), V-score {s['v_score']:.3e}, {s['wall_seconds']:.0f} s")
sys.exit(0 if rel is not None and rel <= limit else 1)
PY
