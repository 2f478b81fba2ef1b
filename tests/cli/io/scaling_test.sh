#!/usr/bin/env bash
# scaling_test.sh PYTHON REPO VMC_DIST WORK
# scripts/scaling.py as users run it: a strong sweep on 1 and 2 ranks (mpirun), collected into the
# table, JSON and plots; and scripts/scaling_projection.py regenerating docs/scaling/projection.md
# from the JSON committed beside it (the documented projection is what the script computes).
set -u
py=$1 repo=$2 vmc=$3 work=$4
die() { echo "FAIL: $*"; exit 1; }
"$py" -c "import h5py, matplotlib" 2>/dev/null || { echo "SKIP: no h5py/matplotlib"; exit 77; }
rm -rf "$work"
mkdir -p "$work"
"$py" "$repo/scripts/scaling.py" run --mode strong --ranks 1,2 --samples 64 --chains-per-rank 4 \
  --steps 2 --warmup-steps 1 --out "$work/sweep" --vmc-dist "$vmc" -- --lattice.lx 4 \
  --lattice.ly 4 --model.d 8 --model.layers 1 --sampler.warmup 10 || die "scaling.py run"
"$py" "$repo/scripts/scaling.py" collect "$work/sweep" --json "$work/s.json" --markdown "$work/s.md" \
  --plots "$work/s" || die "scaling.py collect"
grep -Eq '^\| 1 \| 64 \| 8 \|' "$work/s.md" && grep -Eq '^\| 2 \| 64 \| 8 \|' "$work/s.md" ||
  die "table rows for 1 and 2 ranks"
for f in s-strong-time.png s-strong-efficiency.png; do [ -s "$work/$f" ] || die "no $f"; done
"$py" - "$work/s.json" <<'PY' || die "s.json"
import json, sys
runs = {r["ranks"]: r for r in json.load(open(sys.argv[1]))["runs"]}
assert sorted(runs) == [1, 2] and all(r["timed_steps"] == 2 for r in runs.values()), runs
assert abs(runs[1]["step_efficiency"] - 1) < 1e-12
assert runs[2]["bytes_per_step"] > runs[1]["bytes_per_step"] > 0  # X rows move only on 2 ranks
print("ok: 2 runs, 2 timed steps each, bytes/step", runs[1]["bytes_per_step"], runs[2]["bytes_per_step"])
PY
# Oversubscription is marked: pretend this machine has 1 core.
"$py" "$repo/scripts/scaling.py" run --mode weak --ranks 2 --samples 32 --chains-per-rank 4 \
  --steps 1 --warmup-steps 0 --cores 1 --out "$work/over" --vmc-dist "$vmc" -- --lattice.lx 4 \
  --lattice.ly 4 --model.d 8 --model.layers 1 --sampler.warmup 10 | grep -q "(oversubscribed)" ||
  die "2 ranks on 1 core not marked oversubscribed"
"$py" "$repo/scripts/scaling.py" collect "$work/over" | grep -q "oversubscribed |" ||
  die "table does not mark the oversubscribed run"
d=$repo/docs/scaling
"$py" "$repo/scripts/scaling_projection.py" "$d/measured.json" "$d/production-18x18.json" \
  --rates "$d/rates-18x18.json" --markdown "$work/projection.md" >/dev/null || die "projection"
diff "$d/projection.md" "$work/projection.md" || die "docs/scaling/projection.md is not what the script computes"
echo "ok: scaling"
