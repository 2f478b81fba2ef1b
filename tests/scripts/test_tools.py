#!/usr/bin/env python3
"""The shared helpers of scripts/vitvmc_tools on small files made here. Usage: CASE WORKDIR."""
import json
import math
import sys
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "scripts"))
from vitvmc_tools import fit, ini, json_files, launch, run_log, study_config, summary  # noqa: E402
from vitvmc_tools.errors import ToolInputError  # noqa: E402
from cases import run_case  # noqa: E402


def raises(fn, *args, text=""):
    try:
        fn(*args)
    except ToolInputError as e:
        assert text in str(e), (text, str(e))
        return str(e)
    raise AssertionError("no ToolInputError from %s%r" % (fn.__name__, args))


def json_and_summary(work):
    """A whole JSON file, the last '{' line after text, and the failures; summary.json of a run
    directory; the energy error under its old and new names."""
    (work / "whole.json").write_text(json.dumps({"a": 1}, indent=2))
    (work / "out.txt").write_text('vmc_measure: ...\n{"a": 0}\ntext\n{"a": 2}\n')
    assert json_files.read_json(work / "whole.json") == {"a": 1}
    assert json_files.read_json(work / "out.txt") == {"a": 2}
    (work / "none.txt").write_text("no json here\n")
    raises(json_files.read_json, work / "none.txt", text="no JSON object")
    raises(json_files.read_json, work / "missing.json", text="cannot read")
    assert json_files.read_json_or_none(work / "missing.json") is None
    run = work / "run"
    run.mkdir()
    assert summary.read_summary(run, required=False) is None
    raises(summary.read_summary, run, text="no summary.json")
    (run / "summary.json").write_text(json.dumps({"lattice": {"lx": 6, "ly": 4},
                                                  "energy_per_site": -0.5,
                                                  "energy_per_site_error": 1e-4}))
    s = summary.read_summary(run)
    assert summary.is_summary(s) and summary.lattice_sides(s) == (6, 4)
    assert summary.energy_error(s) == 1e-4
    assert summary.energy_error({"error_per_site": 3e-4}) == 3e-4
    assert summary.energy_error({}, default=0) == 0


def write_log(path, rows, extra_energy_rows=0):
    """A log.h5 as src/io/run_log.cpp writes it; energy may have rows step has not (mid-append)."""
    with h5py.File(path, "w") as f:
        f.create_dataset("step", data=np.arange(1, rows + 1, dtype=np.int64))
        e = f.create_dataset("energy", data=np.linspace(-0.4, -0.5, rows + extra_energy_rows))
        e.attrs["units"] = "J1/site"
        for k, phase in enumerate(run_log.PHASES[:-1]):  # no time_io column: counts as 0
            f.create_dataset("time_" + phase, data=np.full(rows, 0.5 * (k + 1)))


def log_table(work):
    """Columns cut to the rows `step` has, units, phase timers and their sum, row selection; a
    file that is no log, and a missing one."""
    write_log(work / "log.h5", 4, extra_energy_rows=1)
    log = run_log.read_log(work / "log.h5")
    assert len(log) == 4 and len(log["energy"]) == 4 and log.units["energy"] == "J1/site"
    assert np.all(log.phase_seconds("io") == 0)
    assert np.allclose(log.step_seconds(), 0.5 * sum(range(1, 7)))  # 0.5 (1 + ... + 6)
    later = log.rows(log["step"] > 2)
    assert list(later["step"]) == [3, 4] and len(later["time_sampling"]) == 2
    with h5py.File(work / "other.h5", "w") as f:
        f.create_dataset("x", data=[1.0])
    raises(run_log.read_log, work / "other.h5", text="no /step")
    raises(run_log.read_log, work / "missing.h5", text="cannot open")
    assert run_log.read_log_or_none(work / "missing.h5") is None
    # Open while another handle has the file open for writing (the run appending): no lock error.
    with h5py.File(work / "log.h5", "a", locking=False):
        assert len(run_log.read_log(work / "log.h5")) == 4


def ini_and_echo(work):
    """Config files (comments, case, '%' kept literally) and the checkpoint echo, read by the same
    rules as the C++ reader (qualified keys, comments, NUL padding)."""
    (work / "c.ini").write_text("[study]\noutput = runs/x   # where\nLabel = 50%\n"
                                "[vmc]\nmodel.d = 8 ; width\n[case.a]\nmodel.d = 16\n")
    cp = ini.read_ini(work / "c.ini")
    assert cp["study"]["output"] == "runs/x" and cp["study"]["Label"] == "50%"
    raises(ini.read_ini, work / "missing.ini", text="cannot read")
    (work / "bad.ini").write_text("no section header\n")
    raises(ini.read_ini, work / "bad.ini", text="CONFIG")
    echo = ("[lattice]\nlx = 6\n# a comment\n\n[optimizer]\nstages = lattice:80\n"
            "model.d = 16\n[init]\nfrom = /runs/a=b/checkpoint.h5\nnot a field\n")
    fields = ini.parse_echo(echo + "\0\0")
    assert fields == {"lattice.lx": "6", "optimizer.stages": "lattice:80", "model.d": "16",
                      "init.from": "/runs/a=b/checkpoint.h5"}, fields
    with h5py.File(work / "checkpoint.h5", "w") as f:
        f.create_dataset("config", data=np.array(echo.encode() + b"\0", dtype="S%d" % (len(echo) + 1)))
    assert ini.read_echo(work / "checkpoint.h5") == fields
    assert ini.read_echo(work / "none.h5") == {}
    with h5py.File(work / "nocfg.h5", "w") as f:
        f.create_dataset("step", data=1)
    raises(ini.read_echo, work / "nocfg.h5", text="no /config")


def study_and_launch(work):
    """[vmc] options with per-case overrides, the CLI arguments, a missing tool section; the
    mpirun prefix in its three uses."""
    (work / "s.ini").write_text("[campaign]\nsizes = 4\n[vmc]\nmodel.d = 8\nsampler.chains = 4\n"
                                "[vmc.4]\nmodel.d = 16\n")
    cp = study_config.read_study_config(work / "s.ini", "campaign")
    opts = study_config.case_options(cp, "vmc.4")
    assert opts == {"model.d": "16", "sampler.chains": "4"}
    assert study_config.section_options(cp, "vmc.6") == {}
    assert study_config.option_args(opts) == ["--model.d", "16", "--sampler.chains", "4"]
    raises(study_config.read_study_config, work / "s.ini", "study", text="no [study] section")
    assert launch.mpirun_prefix(2) == ["mpirun", "-n", "2", "--oversubscribe", "--bind-to", "none"]
    assert launch.mpirun_prefix(1, direct_single=True) == []
    assert launch.mpirun_prefix(4, bind="core", oversubscribe=False, mpirun="/x/mpirun") == \
        ["/x/mpirun", "-n", "4", "--bind-to", "core"]


def fitting(work):
    """Exact data come back exactly; weighted covariance is (A^T W A)^-1; without errors it is
    scaled by the residual variance; chi^2 tail at tabulated quantiles."""
    x = np.array([1.0, 2.0, 3.0, 4.0])
    a = np.column_stack([np.ones(4), x])
    f = fit.linear_fit(a, 2 + 3 * x, [0.1] * 4)
    assert np.allclose(f["p"], [2, 3]) and f["chi2"] < 1e-20 and f["dof"] == 2
    assert np.allclose(f["cov"], np.linalg.inv(a.T @ a / 0.01))
    y = 2 + 3 * x + np.array([0.1, -0.1, -0.1, 0.1])
    g = fit.linear_fit(a, y, None)
    rss = float(np.sum((y - a @ g["p"]) ** 2))
    assert g["errors_from_scatter"] and math.isnan(g["chi2"])
    assert np.allclose(g["cov"], np.linalg.inv(a.T @ a) * rss / 2)
    raises(fit.linear_fit, a[:1], [1.0], None, text="parameters")
    raises(fit.linear_fit, a, y, [0.1, 0, 0.1, 0.1], text="positive")
    # chi^2 quantiles (Abramowitz & Stegun, table 26.8): P(X >= q) = 0.01 and 0.05.
    for dof, q01, q05 in ((1, 6.634897, 3.841459), (2, 9.210340, 5.991465), (3, 11.344867, 7.814728),
                          (5, 15.086272, 11.070498), (10, 23.209251, 18.307038)):
        assert abs(fit.chi2_sf(q01, dof) - 0.01) < 1e-7 and abs(fit.chi2_sf(q05, dof) - 0.05) < 1e-7
    assert fit.chi2_sf(0, 3) == 1.0 and abs(fit.chi2_sf(2.0, 2) - math.exp(-1)) < 1e-15


if __name__ == "__main__":
    run_case(globals(), "tools_")
