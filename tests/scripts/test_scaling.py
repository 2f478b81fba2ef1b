#!/usr/bin/env python3
"""scripts/scaling.py, scripts/strong_scaling_16.sh and scripts/scaling_projection.py without MPI:
runs are launched through tests/scripts/fake_mpirun.py (a stand-in that writes a run's files with
known phase times), so every collected number is known by hand. Usage: CASE WORKDIR."""
import json
import math
import os
import subprocess
import sys
from pathlib import Path

from cases import run_case

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCALING = REPO / "scripts" / "scaling.py"
PROJECTION = REPO / "scripts" / "scaling_projection.py"
FAKE = HERE / "fake_mpirun.py"
DOCS = REPO / "docs" / "scaling"


def call(*cmd, env=None, code=0):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                       env=dict(os.environ, **(env or {})))
    assert r.returncode == code, "exit %d: %s\n%s" % (r.returncode, r.stdout, r.stderr)
    return r


def launcher(work):
    """An executable that runs fake_mpirun.py with this interpreter (the one that has h5py)."""
    path = work / "mpirun"
    path.write_text("#!/bin/sh\nexec '%s' '%s' \"$@\"\n" % (sys.executable, FAKE))
    path.chmod(0o755)
    return path


def step_seconds(ranks):
    """What fake_mpirun's log gives: compute 8/R s, communication 0.1 (R - 1) s."""
    return 8.0 / ranks + 0.1 * (ranks - 1)


def run_collect(work):
    """`run` on 1, 2, 4 ranks with 2 cores: commands, oversubscription, the metadata; `collect`:
    timed rows, efficiencies from the known times, bytes, and the configuration echo."""
    log, fake = work / "mpirun.log", launcher(work)
    call(sys.executable, SCALING, "run", "--mode", "strong", "--ranks", "1,2,4", "--samples", "64",
         "--chains-per-rank", "4", "--steps", "3", "--warmup-steps", "2", "--cores", "2",
         "--out", work / "sweep", "--mpirun", fake, "--vmc-dist", "/bin/vmc_dist_stand_in",
         "--", "--lattice.lx", "10", env={"FAKE_MPIRUN_LOG": str(log)})
    commands = log.read_text().splitlines()
    assert len(commands) == 3
    assert commands[0].startswith("-n 1 --bind-to none /bin/vmc_dist_stand_in")
    assert "--oversubscribe" in commands[2] and "--oversubscribe" not in commands[1]
    meta = json.loads((work / "sweep" / "strong-np4" / "scaling_run.json").read_text())
    assert meta["oversubscribed"] and meta["chains"] == 16 and meta["samples"] == 64
    assert meta["command"].startswith(str(fake) + " -n 4 --oversubscribe --bind-to none")
    out = work / "s.json"
    text = call(sys.executable, SCALING, "collect", work / "sweep", "--json", out, "--markdown",
                work / "s.md", "--plots", work / "s").stdout
    runs = {r["ranks"]: r for r in json.loads(out.read_text())["runs"]}
    for r, run in runs.items():
        assert run["timed_steps"] == 3  # steps 3, 4, 5 after 2 warm-up steps
        assert abs(run["step_seconds"] - step_seconds(r)) < 1e-12
        assert abs(run["step_efficiency"] - 8.0 / (step_seconds(r) * r)) < 1e-12
        assert abs(run["compute_efficiency"] - 1.0) < 1e-12
        assert run["bytes_per_step"] == 1000 * r and run["calls_per_step"] == 18
        assert run["config"]["sampler.samples"] == "64" and run["config"]["lattice.lx"] == "10"
        assert run["config"]["output.dir"] == str(work / "sweep" / ("strong-np%d" % r))
    assert "| 4 | 64 | 16 |" in text and "oversubscribed |" in text
    for f in ("s-strong-time.png", "s-strong-efficiency.png"):
        assert (work / f).stat().st_size > 1000
    # A run directory without summary.json is refused with a message, exit 2.
    (work / "sweep" / "strong-np2" / "summary.json").unlink()
    r = call(sys.executable, SCALING, "collect", work / "sweep", code=2)
    assert "without summary.json" in r.stderr


def slurm(work):
    """`slurm` writes a job array (one element per rank count) and its collect job; both parse."""
    call(sys.executable, SCALING, "slurm", "--mode", "weak", "--ranks", "1,2,4", "--samples", "32",
         "--chains-per-rank", "2", "--out", work / "sweep", "--overcommit",
         "--sbatch=--partition=debug")
    array = (work / "sweep" / "scaling.sbatch").read_text()
    assert "#SBATCH --array=0-2" in array and "#SBATCH --ntasks=4" in array
    assert "#SBATCH --partition=debug" in array and "--overcommit" in array
    assert "collect" in (work / "sweep" / "collect.sbatch").read_text()
    for f in ("scaling.sbatch", "collect.sbatch"):
        call("bash", "-n", work / "sweep" / f)
    r = call(sys.executable, SCALING, "run", "--mode", "strong", "--ranks", "1,x", "--samples", "8",
             "--out", work / "bad", code=2)
    assert "--ranks" in r.stderr


def strong_16(work):
    """scripts/strong_scaling_16.sh end to end with the stand-in launcher (RANKS=1,2): the 10x10
    paper config at 4096 samples and 256 chains, ranks bound to cores, the table and plots."""
    out = work / "s16"
    r = call("bash", REPO / "scripts" / "strong_scaling_16.sh",
             env={"MPIRUN": str(launcher(work)), "RANKS": "1,2", "OUT": str(out),
                  "VMC_DIST": "/nonexistent/vmc_dist", "FAKE_MPIRUN_LOG": str(work / "log")})
    assert "machine:" in r.stdout
    commands = (work / "log").read_text().splitlines()
    assert len(commands) == 2 and "--bind-to core" in commands[0]
    assert "--config jobs/configs/j1j2_10x10_j2_0p5.ini" in commands[0]
    assert "--sampler.samples 4096 --sampler.chains 256" in commands[0]
    md = (out / "scaling.md").read_text()
    assert "| 1 | 4096 | 256 |" in md and "| 2 | 4096 | 256 |" in md
    runs = json.loads((out / "scaling.json").read_text())["runs"]
    assert [r["timed_steps"] for r in runs] == [1, 1]  # STEPS=1 after WARMUP_STEPS=1
    assert (out / "scaling-strong-efficiency.png").is_file()


def projection(work):
    """The committed sensitivity table is what the script computes from the committed rates of the
    18x18 step; efficiency falls when compute gets faster or the network slower; compute efficiency
    is 100 % by construction; rates given directly ({"rates_flops_per_s"}) reproduce the projection
    made from a collect JSON, and the measured wall-clock rates given beside them are only shown."""
    args = [DOCS / "measured.json", DOCS / "production-18x18.json", "--rates",
            DOCS / "rates-18x18.json"]
    given = json.loads((DOCS / "rates-18x18.json").read_text())
    for phase, rate in given["rates_flops_per_s"].items():  # per core = per rank / core share
        assert math.isclose(rate, given["wall_rates_flops_per_s"][phase] / given["cpu_share"],
                            rel_tol=1e-3), phase
    call(sys.executable, PROJECTION, *args, "--sensitivity", "--markdown", work / "s.md",
         "--json", work / "s.json", "--plot", work / "s.png")
    assert (work / "s.md").read_text() == (DOCS / "sensitivity.md").read_text(), \
        "docs/scaling/sensitivity.md is not what the script computes"
    cells = json.loads((work / "s.json").read_text())["sensitivity"]
    eff = {(c["compute_factor"], c["bandwidth_divisor"]): c["efficiency"] for c in cells}
    for r in ("256", "1024"):
        for b in (1, 3, 10):
            assert eff[(1, b)][r] > eff[(3, b)][r] > eff[(10, b)][r]
            assert eff[(b, 1)][r] > eff[(b, 3)][r] > eff[(b, 10)][r]
        assert all(e["64"] == 1.0 for e in eff.values())
    assert (work / "s.png").stat().st_size > 1000
    call(sys.executable, PROJECTION, *args, "--markdown", work / "g.md")
    assert "| wall clock | 36.02 | 16.05 |" in (work / "g.md").read_text()
    collect = [DOCS / "measured.json", DOCS / "production-18x18.json", "--rates",
               DOCS / "rates.json"]
    call(sys.executable, PROJECTION, *collect, "--json", work / "p.json")
    p = json.loads((work / "p.json").read_text())
    assert all(abs(r["compute_efficiency"] - 1) < 1e-12 for r in p["projection"])
    direct = work / "direct.json"
    direct.write_text(json.dumps({"rates_flops_per_s": p["rates_flops_per_s"],
                                  "source": "the rates of the collect JSON, given directly"}))
    call(sys.executable, PROJECTION, DOCS / "measured.json", DOCS / "production-18x18.json",
         "--rates", direct, "--json", work / "d.json")
    d = json.loads((work / "d.json").read_text())
    for a, b in zip(p["projection"], d["projection"]):
        assert math.isclose(a["step_seconds"], b["step_seconds"], rel_tol=1e-12)


if __name__ == "__main__":
    run_case(globals(), "scaling_")
