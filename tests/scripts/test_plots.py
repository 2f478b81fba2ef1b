#!/usr/bin/env python3
"""scripts/plot_run.py and scripts/plot_default_study.py on log.h5 / summary.json files made here.
Usage: CASE WORKDIR."""
import json
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

from cases import run_case

HERE = Path(__file__).resolve().parent
SCRIPTS = HERE.parents[1] / "scripts"
sys.path.insert(0, str(SCRIPTS))


def write_log(path, energy, units="J1/site", error=True, nan_rows=()):
    path.parent.mkdir(parents=True, exist_ok=True)
    e = np.array(energy, float)
    e[list(nan_rows)] = np.nan
    with h5py.File(path, "w") as f:
        f.create_dataset("step", data=np.arange(1, len(e) + 1, dtype=np.int64))
        f.create_dataset("energy", data=e).attrs["units"] = units
        if error:
            f.create_dataset("energy_error", data=np.full(len(e), 1e-3))
        f.create_dataset("time_sampling", data=np.full(len(e), 2.0))
        f.create_dataset("time_sr_solve", data=np.full(len(e), 1.0))


def run(script, *args, code=0):
    r = subprocess.run([sys.executable, str(SCRIPTS / script), *map(str, args)],
                       capture_output=True, text=True)
    assert r.returncode == code, r.stdout + r.stderr
    return r


def plot_run(work):
    """The final E/N, its error and the relative error are printed; a NaN step is skipped; a log of
    whole-lattice energies needs --n-sites and is then divided by it."""
    write_log(work / "a" / "log.h5", [-0.40, -0.45, -0.50, -0.49], nan_rows=[3])
    out = run("plot_run.py", work / "a" / "log.h5", "--exact", -0.5, "-o", work / "a.png").stdout
    assert "final E/N = -0.50000000 +- 0.00100000 at step 3; relative error 0.000e+00" in out, out
    assert (work / "a.png").stat().st_size > 1000
    write_log(work / "b" / "log.h5", [-16.0, -17.6], units="J1", error=False)
    r = run("plot_run.py", work / "b" / "log.h5", "-o", work / "b.png", code=1)
    assert "--n-sites" in r.stderr
    out = run("plot_run.py", work / "b" / "log.h5", "--n-sites", 16, "-o", work / "b.png").stdout
    assert "final E/N = -1.10000000 at step 2" in out, out
    assert "cannot open" in run("plot_run.py", work / "none.h5", code=1).stderr


def plot_default_study(work):
    """Two runs, one finished (summary.json: a star at its last step) and one still going: the
    cumulative step time is the sum of the phase timers; the figure is written."""
    import plot_default_study
    write_log(work / "done" / "log.h5", [-0.45, -0.48, -0.50])
    (work / "done" / "summary.json").write_text(json.dumps({"energy_per_site": -0.501, "steps": 3}))
    write_log(work / "going" / "log.h5", [-0.40, -0.42])
    step, energy, seconds, summary = plot_default_study.read_run(work / "done")
    assert list(step) == [1, 2, 3] and np.allclose(seconds, [3, 6, 9]) and summary["steps"] == 3
    assert plot_default_study.read_run(work / "going")[3] is None
    run("plot_default_study.py", "--exact", -0.50380965, "-o", work / "s.png", "--smooth", 2,
        "done=%s" % (work / "done"), "a=b=%s" % (work / "going"))
    assert (work / "s.png").stat().st_size > 1000
    r = run("plot_default_study.py", "--exact", -0.5, "-o", work / "x.png", "x=%s" % work, code=1)
    assert "cannot open" in r.stderr, r.stderr


if __name__ == "__main__":
    run_case(globals(), "plots_")
