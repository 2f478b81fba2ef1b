#!/usr/bin/env python3
"""scripts/time_to_accuracy.py on log.h5 / summary.json files made here. Usage: CASE WORKDIR."""
import json
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

from cases import run_case

HERE = Path(__file__).resolve().parent
SCRIPTS = HERE.parents[1] / "scripts"
EXACT = -0.5


def write_run(path, energies, step_seconds, first_step=1, summary=None):
    """A run directory: log.h5 with steps first_step.., energies and two phase timers whose sum is
    step_seconds; summary.json when given."""
    path.mkdir(parents=True, exist_ok=True)
    e = np.array(energies, float)
    with h5py.File(path / "log.h5", "w") as f:
        f.create_dataset("step", data=np.arange(first_step, first_step + len(e), dtype=np.int64))
        f.create_dataset("energy", data=e).attrs["units"] = "J1/site"
        f.create_dataset("time_sampling", data=np.array(step_seconds, float) / 2)
        f.create_dataset("time_sr_matrix", data=np.array(step_seconds, float) / 2)
    if summary:
        (path / "summary.json").write_text(json.dumps(summary))


def run(*args, code=0):
    r = subprocess.run([sys.executable, str(SCRIPTS / "time_to_accuracy.py"), *map(str, args)],
                       capture_output=True, text=True)
    assert r.returncode == code, r.stdout + r.stderr
    return r


def make_sweep(work):
    """Trunk T: 4 steps of 1, 1, 2, 4 wall s and 80 CPU s; branch B of T at step 2 (its log repeats
    T's rows 1-2, then 2 own steps of 3 s each) with 60 CPU s; C a branch of B at step 4 whose
    fresh energy comes from a vmc_measure JSON line after text."""
    write_run(work / "T", [-0.40, -0.45, -0.46, -0.47], [1, 1, 2, 4],
              summary={"energy_per_site": -0.47, "energy_per_site_error": 0.001, "samples": 4096})
    write_run(work / "B", [-0.40, -0.45, -0.49, -0.495], [1, 1, 3, 3],
              summary={"energy_per_site": -0.495, "energy_per_site_error": 0.0005,
                       "samples": 8192})
    write_run(work / "C", [-0.40, -0.45, -0.49, -0.495, -0.499], [1, 1, 3, 3, 5])
    (work / "m.json").write_text("measured\n" + json.dumps(
        {"energy_per_site": -0.4995, "error_per_site": 0.0002, "samples": 16384}) + "\n")
    spec = {"exact": EXACT, "paper": {"relative_error": 1.18e-3, "hours": 6, "label": "paper"},
            "runs": [{"name": "T", "dir": str(work / "T"), "cpu_seconds": 80, "note": "trunk"},
                     {"name": "B", "dir": str(work / "B"), "cpu_seconds": 60, "parent": "T",
                      "branch_step": 2},
                     {"name": "C", "dir": str(work / "C"), "cpu_seconds": 10, "parent": "B",
                      "branch_step": 4, "measure": str(work / "m.json")}]}
    (work / "spec.json").write_text(json.dumps(spec))
    run("collect", work / "spec.json", "-o", work / "sweep.json")
    return json.loads((work / "sweep.json").read_text())


def collect_and_table(work):
    """CPU seconds spread by step time: T's step 2 is at 80 * 2/8 = 20 CPU s, so B ends at 20 + 60
    and C at 80 + 10; the fresh energies and relative errors come from summary.json, or from the
    vmc_measure line for C; the table lists all three with their origins."""
    sweep = make_sweep(work)
    t, b, c = sweep["runs"]
    assert np.allclose(t["curve_cpu"], [0, 10, 20, 40, 80]) and t["curve_step"] == [0, 1, 2, 3, 4]
    assert np.isclose(b["cpu_seconds"], 80) and np.allclose(b["curve_cpu"], [20, 50, 80])
    assert b["curve_step"] == [2, 3, 4]
    assert np.isclose(c["cpu_seconds"], 90) and c["last_step"] == 5
    assert np.isclose(t["final"]["relative_error"], 0.06)
    assert np.isclose(b["final"]["relative_error"], 0.01) and b["final"]["samples"] == 8192
    assert c["final"]["source"] == "vmc_measure" and np.isclose(c["final"]["error"], 0.0002)
    assert np.isclose(c["final"]["relative_error"], 0.001)
    # T's smoothed curve: one point (4 steps, a 10-step mean over all of them)
    assert np.isclose(t["smoothed_relative_error"][-1], np.mean([0.2, 0.1, 0.08, 0.06]))
    out = run("table", work / "sweep.json").stdout
    assert "| T | fresh | 4 | 80 | -0.470000 +- 0.001000 (4096, summary.json) | 6.00e-02 | trunk |" \
        in out, out
    assert "| B | T@2 | 4 | 80 |" in out and "| C | B@4 | 5 | 90 |" in out, out


def plot(work):
    """The figure is written from a collected sweep (a run without a final energy is drawn as a
    curve only)."""
    sweep = make_sweep(work)
    sweep["runs"][0]["final"] = None
    (work / "sweep2.json").write_text(json.dumps(sweep))
    run("plot", work / "sweep2.json", "-o", work / "f.png")
    assert (work / "f.png").stat().st_size > 5000


def bad_input(work):
    """Exit 2 with a message naming what is wrong: a parent listed after its branch, a branch step
    outside the parent's steps, a missing run directory, a missing -o."""
    write_run(work / "T", [-0.4, -0.45], [1, 1])
    cases = [
        ([{"name": "B", "dir": str(work / "T"), "cpu_seconds": 1, "parent": "T",
           "branch_step": 1}], "parent T is not listed before it"),
        ([{"name": "T", "dir": str(work / "T"), "cpu_seconds": 1},
          {"name": "B", "dir": str(work / "T"), "cpu_seconds": 1, "parent": "T",
           "branch_step": 7}], "branch_step 7 is outside the steps 0-2 of its parent T"),
        ([{"name": "X", "dir": str(work / "nothing"), "cpu_seconds": 1}], "cannot open"),
        ([{"name": "Y", "dir": str(work / "T")}], "has no 'cpu_seconds'"),
    ]
    for i, (runs, message) in enumerate(cases):
        (work / ("s%d.json" % i)).write_text(json.dumps({"exact": EXACT, "runs": runs}))
        r = run("collect", work / ("s%d.json" % i), "-o", work / "out.json", code=2)
        assert message in r.stderr, r.stderr
    assert "collect needs -o" in run("collect", work / "s0.json", code=2).stderr


if __name__ == "__main__":
    run_case(globals(), "time_to_accuracy_")
