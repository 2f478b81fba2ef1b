#!/usr/bin/env python3
"""scripts/study.py: the commands of a dry run (dry_run), and end to end with the real binaries
(end_to_end): a one-seed 4x4 exact-mode study of both attentions (2 steps) plus a case whose option
vmc_dist refuses, then `report`. Usage: CASE WORKDIR [BINDIR]."""
import json
import subprocess
import sys
from pathlib import Path

from cases import run_case

HERE = Path(__file__).resolve().parent
SCRIPT = HERE.parents[1] / "scripts" / "study.py"


def dry_run(work, bindir=""):
    """Config sections become vmc_dist options ([vmc] overridden by [case.NAME], study.* keys kept
    out); one rank runs without mpirun, two with the shared prefix; bad configs exit 2."""
    cfg = work / "dry.ini"
    cfg.write_text("[study]\noutput = %s\nseeds = 3\nattentions = factored\n"
                   "[vmc]\nmodel.d = 8  # width\noptimizer.steps = 2\n"
                   "[case.six]\nlattice.lx = 6\nlattice.ly = 6\nmodel.d = 16\n"
                   "study.exact_energy_per_site = -0.5\n" % (work / "out"))
    for ranks, prefix in ((1, "nice /x/vmc_dist"), (2, "mpirun -n 2 --oversubscribe --bind-to none /x/vmc_dist")):
        r = subprocess.run([sys.executable, str(SCRIPT), "run", str(cfg), "--dry-run", "--ranks",
                            str(ranks), "--bindir", "/x", "--phases", "train"],
                           capture_output=True, text=True, check=True)
        train = [l for l in r.stdout.splitlines() if "vmc_dist" in l]
        assert len(train) == 2, r.stdout  # the first run of each case, then every run (skipped: dry)
        line = train[0].strip().lstrip("$ ")
        assert line.startswith(prefix.replace("nice ", "")), line
        assert "--model.d 16" in line and "--optimizer.steps 2" in line and "study." not in line
        assert "--model.seed 3 --sampler.seed 3" in line and "--model.attention factored" in line
    bad = work / "bad.ini"
    bad.write_text("[study]\nattentions = linear\n[case.a]\nlattice.lx = 4\n")
    r = subprocess.run([sys.executable, str(SCRIPT), "run", str(bad), "--dry-run"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "attentions" in r.stderr, r.stderr
    bad.write_text("[vmc]\nmodel.d = 8\n")
    r = subprocess.run([sys.executable, str(SCRIPT), "run", str(bad), "--dry-run"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "no [study] section" in r.stderr, r.stderr


def end_to_end(work, bindir=""):
    work.mkdir(parents=True, exist_ok=True)
    cfg = work / "tiny.ini"
    cfg.write_text("""[study]
output = %s
seeds = 1
attentions = factored standard
measure_samples = 128
trace_samples = 64
convert_seed = 1
convert_steps = 1
[vmc]
model.d = 8
model.layers = 1
model.ffn = 2
optimizer.steps = 2
output.checkpoint_every = 1
output.keep = 100
[case.exact4]
lattice.lx = 4
lattice.ly = 4
lattice.j2 = 0.0
sampler.type = exact
[case.refused]
lattice.type = no_such_lattice
""" % (work / "out"))
    run = subprocess.run([sys.executable, str(SCRIPT), "run", str(cfg), "--jobs", "1",
                          "--bindir", bindir], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    case = work / "out" / "exact4"
    assert (work / "out" / "refused" / "refused.txt").exists(), run.stdout
    m = json.loads((case / "standard" / "seed1" / "measure.json").read_text().splitlines()[-1])
    assert "freeze_energy_per_site" in m and len(m["attention_spread"][0]) == 2, m
    trace = (case / "standard" / "seed1" / "trace.jsonl").read_text().splitlines()
    assert len(trace) == 2, trace  # checkpoints of steps 1 and 2
    assert (case / "convert" / "summary.json").exists()
    ed = json.loads((case / "ed.json").read_text())
    results = work / "results"
    rep = subprocess.run([sys.executable, str(SCRIPT), "report", str(cfg), "--results",
                          str(results)], capture_output=True, text=True)
    assert rep.returncode == 0, rep.stdout + rep.stderr
    md = (results / "attention-study.md").read_text()
    assert "**refused: not run**" in md, md
    for att in ("factored", "standard"):
        assert "| exact4 | %s | 1 |" % att in md, md
    assert "%.6f (vmc_ed)" % ed["energy_per_site"] in md, md
    for fig in ("energy-step", "energy-time", "maps", "spread"):
        assert (results / ("attention-study-tiny-%s.png" % fig)).exists(), fig


if __name__ == "__main__":
    run_case(globals(), "study_")
