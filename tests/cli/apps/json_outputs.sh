#!/usr/bin/env bash
# json_outputs.sh MPIEXEC VMC_ED VMC_DIST VMC_MEASURE VMC_BENCH WORKDIR
# Every JSON output of the apps through a strict parser (Python's json with NaN / Infinity refused),
# including runs that produce non-finite numbers: a measurement of a single sample has no error bar
# (NaN) and a lattice without a reference energy has no relative error; all must come out as null.
# vmc_ed and vmc_bench cannot be driven to a non-finite number by valid input (vmc_ed refuses a NaN
# coupling), so their ordinary output is parsed.
set -u
mpiexec=$1 ed=$2 dist=$3 measure=$4 bench=$5 work=$6
die() { echo "FAIL: $*"; exit 1; }
rm -rf "$work"
mkdir -p "$work"
mpi1() { timeout --kill-after=5 120 "$mpiexec" -n 1 --oversubscribe --bind-to none "$@"; }

# strict FILE KEY=EXPECT...: FILE holds one JSON document per non-empty line (or one indented
# document); EXPECT is "null" (the key must be null) or "number" (a finite number).
strict() {
  /usr/bin/python3 - "$@" <<'PY'
import json, math, sys
def refuse(name):
    raise ValueError(f"non-standard constant {name}")
path, checks = sys.argv[1], sys.argv[2:]
text = open(path).read()
try:
    docs = [json.loads(text, parse_constant=refuse)]
except json.JSONDecodeError:
    docs = [json.loads(l, parse_constant=refuse) for l in text.splitlines() if l.strip()]
for check in checks:
    key, want = check.split("=")
    for d in docs:
        if key not in d:
            sys.exit(f"{path}: no key {key} in {d}")
        v = d[key]
        if want == "null" and v is not None:
            sys.exit(f"{path}: {key} = {v!r}, expected null")
        if want == "number" and not (isinstance(v, (int, float)) and math.isfinite(v)):
            sys.exit(f"{path}: {key} = {v!r}, expected a finite number")
print(f"ok: {path}: {len(docs)} strict JSON document(s)")
PY
}

"$ed" --lx 4 --ly 4 --j2 0.5 --threads 1 --json >"$work/ed.json" || die "vmc_ed exit $?"
strict "$work/ed.json" energy_per_site=number j1=number dimension=number || die "vmc_ed --json"

# One chain and a final measurement of one sample, J2 = 0.3 (no reference energy): the error bar
# and the relative error are undefined.
mpi1 "$dist" --lattice.lx 4 --lattice.ly 4 --lattice.j2 0.3 --model.d 8 --model.layers 1 \
  --sampler.chains 1 --sampler.samples 16 --sampler.warmup 2 --optimizer.steps 2 \
  --measure.samples 1 --output.dir "$work/run" >"$work/run.out" 2>&1 ||
  { cat "$work/run.out"; die "vmc_dist exit"; }
strict "$work/run/summary.json" energy_per_site=number energy_per_site_error=null \
  exact_energy_per_site=null relative_error=null n_params=number || die "summary.json"

mpi1 "$measure" --checkpoint "$work/run/checkpoint.h5" --measure.samples 1 --json \
  >"$work/measure.out" 2>&1 || { cat "$work/measure.out"; die "vmc_measure exit"; }
grep '^{' "$work/measure.out" >"$work/measure.json" || die "no JSON line from vmc_measure"
strict "$work/measure.json" energy_per_site=number error_per_site=null s_pi_pi=number \
  s_pi_pi_error=null || die "vmc_measure --json"

mpi1 "$bench" --lattice.lx 4 --lattice.ly 4 --model.d 8 --model.layers 1 --bench.batch 4 \
  --bench.seconds 0.01 >"$work/bench.json" 2>"$work/bench.err" ||
  { cat "$work/bench.err"; die "vmc_bench exit"; }
strict "$work/bench.json" gflops=number dgemm_gflops=number n_params=number ||
  die "vmc_bench JSON"
[ "$(wc -l <"$work/bench.json")" -eq 3 ] || die "vmc_bench: expected 3 lines"
echo "ok: every JSON output parses strictly"
