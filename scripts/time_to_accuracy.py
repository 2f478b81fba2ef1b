#!/usr/bin/env python3
"""Relative error against CPU core-hours for a sweep of vitvmc runs (docs/results/paper-table.md).

    time_to_accuracy.py collect SPEC.json -o sweep.json   # read the runs' log.h5 and summary.json
    time_to_accuracy.py plot sweep.json -o figure.png     # relative error against core-hours
    time_to_accuracy.py table sweep.json                  # the sweep as a markdown table

SPEC.json names the runs and what the run directories do not record, the CPU seconds of each
(user + sys of `/usr/bin/time`, all ranks):

    {"exact": -0.50380965,
     "paper": {"relative_error": 1.18e-3, "hours": 6, "label": "paper, factored ViT (1 A100)"},
     "title": "6x6 J1-J2, J2 = 0.5", "budget_wall_hours": 2,   (optional: the figure's title and
     the dashed line at that many hours on 2 cores; "paper" may also carry "unit")
     "runs": [{"name": "T", "dir": "runs/T", "cpu_seconds": 400, "note": "plain trunk"},
              {"name": "B", "dir": "runs/B", "cpu_seconds": 900, "parent": "T", "branch_step": 190,
               "measure": "runs/B/measure.json", "note": "continues T's checkpoint 190"}]}

A branch continues its parent's checkpoint of `branch_step` in its own directory (its log.h5 holds
the parent's rows up to that step); its cost from a fresh start is the parent's CPU seconds up to
that step plus its own. Within a run the CPU seconds are spread over its steps in proportion to the
steps' wall seconds (the sum of log.h5's phase timers), which assumes the run's share of the CPU
stayed the same. The fresh final energy is summary.json's, or a `vmc_measure --json` output named
by `measure` (which then wins). Energies are per site; relative error = |E - exact| / |exact|.
"""

import argparse
import json
import sys
from pathlib import Path

from vitvmc_tools.errors import ToolInputError
from vitvmc_tools.json_files import read_json
from vitvmc_tools.run_log import read_log
from vitvmc_tools.summary import energy_error, read_summary

SMOOTH = 10  # running mean of the in-run curves, steps
CURVE_POINTS = 200  # points kept per curve in sweep.json


def relative_error(energy, exact):
    return abs(energy - exact) / abs(exact)


def spread_cpu(step_seconds, cpu_seconds):
    """Cumulative CPU seconds after each step: cpu_seconds spread in proportion to step_seconds."""
    import numpy as np

    total = float(np.sum(step_seconds))
    if total <= 0:
        raise ToolInputError("a run whose steps took no time cannot share out its CPU seconds")
    return np.cumsum(step_seconds) * (cpu_seconds / total)


def final_energy(run):
    """(E/N, error, samples, source) of the fresh final measurement, or None."""
    if run.get("measure"):
        m = read_json(run["measure"])
        return m["energy_per_site"], energy_error(m), m.get("samples"), "vmc_measure"
    summary = read_summary(run["dir"], required=False)
    if summary is None:
        return None
    return (summary["energy_per_site"], energy_error(summary), summary.get("samples"),
            "summary.json")


def collect_run(run, exact, done):
    """One run of the spec as a sweep record; `done` holds the records of the runs before it."""
    import numpy as np

    for key in ("name", "dir", "cpu_seconds"):
        if key not in run:
            raise ToolInputError("a run in the spec has no '%s': %s" % (key, run))
    log = read_log(str(Path(run["dir"]) / "log.h5"))
    step, energy, seconds = log["step"], log["energy"], log.step_seconds()
    start_cpu, first = 0.0, 0
    if run.get("parent"):
        if run["parent"] not in done:
            raise ToolInputError("run %s: parent %s is not listed before it" %
                                 (run["name"], run["parent"]))
        parent = done[run["parent"]]
        at = run.get("branch_step")
        if at is None:
            raise ToolInputError("run %s: a branch needs branch_step" % run["name"])
        if not parent["curve_step"][0] <= at <= parent["curve_step"][-1]:
            raise ToolInputError("run %s: branch_step %s is outside the steps %d-%d of its parent %s"
                                 % (run["name"], at, parent["curve_step"][0],
                                    parent["curve_step"][-1], parent["name"]))
        start_cpu = float(np.interp(at, parent["curve_step"], parent["curve_cpu"]))
        first = int(np.searchsorted(step, at, side="right"))
    own = slice(first, len(step))
    cpu = start_cpu + spread_cpu(seconds[own], float(run["cpu_seconds"]))
    rel = np.abs(energy[own] - exact) / abs(exact)
    k = max(1, min(SMOOTH, len(rel)))
    smooth = np.convolve(rel, np.ones(k) / k, mode="valid")
    keep = np.unique(np.linspace(0, len(smooth) - 1, min(CURVE_POINTS, len(smooth))).astype(int))
    final = final_energy(run)
    record = {
        "name": run["name"], "note": run.get("note", ""), "parent": run.get("parent"),
        "branch_step": run.get("branch_step"), "own_cpu_seconds": float(run["cpu_seconds"]),
        "cpu_seconds": start_cpu + float(run["cpu_seconds"]), "last_step": int(step[-1]),
        # the branch point (step 0 for a fresh run) and every own step, with its cumulative CPU s
        "curve_step": [int(run.get("branch_step") or 0)] + [int(s) for s in step[own]],
        "curve_cpu": [start_cpu] + [float(c) for c in cpu],
        "smoothed_cpu": [float(c) for c in cpu[k - 1:][keep]],
        "smoothed_relative_error": [float(r) for r in smooth[keep]],
        "final": None,
    }
    if final is not None:
        e, err, samples, source = final
        record["final"] = {"energy_per_site": e, "error": err, "samples": samples,
                           "source": source, "relative_error": relative_error(e, exact)}
    return record


DEFAULT_TITLE = "6x6 J1-J2, J2 = 0.5"
DEFAULT_BUDGET_WALL_HOURS = 2.0  # the issue-25 budget: 2 hours on the 2-core machine


def collect(spec):
    exact = spec["exact"]
    done, records = {}, []
    for run in spec["runs"]:
        record = collect_run(run, exact, done)
        done[record["name"]] = record
        records.append(record)
    return {"exact": exact, "paper": spec.get("paper"), "runs": records,
            "title": spec.get("title", DEFAULT_TITLE),
            "budget_wall_hours": spec.get("budget_wall_hours", DEFAULT_BUDGET_WALL_HOURS)}


def plot(sweep, output):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    exact = sweep["exact"]
    fig, ax = plt.subplots(figsize=(9, 5.5))
    for run in sweep["runs"]:
        hours = [c / 3600 for c in run["smoothed_cpu"]]
        (line,) = ax.plot(hours, run["smoothed_relative_error"], lw=0.8, alpha=0.7)
        f = run["final"]
        if f:
            err = f["error"] / abs(exact) if f["error"] is not None else None
            ax.errorbar(run["cpu_seconds"] / 3600, f["relative_error"], yerr=err, fmt="*", ms=10,
                        color=line.get_color(), capsize=2, label="%s: %.2e" %
                        (run["name"], f["relative_error"]))
    paper = sweep.get("paper")
    if paper:
        ax.plot(paper["hours"], paper["relative_error"], "kD", ms=8,
                label=paper.get("label", "paper") + " (%s)" % paper.get("unit", "GPU-hours, not CPU core-hours"))
        ax.axhline(paper["relative_error"], color="k", ls=":", lw=1)
    budget = sweep.get("budget_wall_hours", DEFAULT_BUDGET_WALL_HOURS)
    ax.axvline(2 * budget, color="gray", ls="--", lw=1,
               label="%g h on 2 cores = %g core-hours" % (budget, 2 * budget))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("CPU core-hours from a fresh start (1 rank, user + sys)")
    ax.set_ylabel("relative error |E - E0| / |E0|")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    ax.set_title("%s: in-run %d-step means (lines), fresh final energies (stars)"
                 % (sweep.get("title", DEFAULT_TITLE), SMOOTH), fontsize=9)
    fig.tight_layout()
    fig.savefig(output, dpi=110)


def table(sweep):
    lines = ["| run | from | steps | CPU s (from fresh start) | fresh E/N | relative error | note |",
             "|---|---|---|---|---|---|---|"]
    for run in sweep["runs"]:
        f = run["final"]
        energy = "-" if f is None else "%.6f +- %s (%s, %s)" % (
            f["energy_per_site"], "%.6f" % f["error"] if f["error"] is not None else "?",
            f["samples"], f["source"])
        rel = "-" if f is None else "%.2e" % f["relative_error"]
        origin = "%s@%d" % (run["parent"], run["branch_step"]) if run["parent"] else "fresh"
        lines.append("| %s | %s | %d | %.0f | %s | %s | %s |" % (
            run["name"], origin, run["last_step"], run["cpu_seconds"], energy, rel, run["note"]))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=("collect", "plot", "table"))
    ap.add_argument("input", help="SPEC.json (collect) or sweep.json (plot, table)")
    ap.add_argument("-o", "--output", help="sweep.json (collect) or the figure (plot)")
    args = ap.parse_args(argv)
    try:
        data = read_json(args.input)
        if args.command == "collect":
            if not args.output:
                raise ToolInputError("collect needs -o sweep.json")
            Path(args.output).write_text(json.dumps(collect(data), indent=1) + "\n")
        elif args.command == "plot":
            if not args.output:
                raise ToolInputError("plot needs -o FIGURE")
            plot(data, args.output)
        else:
            print(table(data))
    except (ToolInputError, KeyError) as e:
        sys.stderr.write("time_to_accuracy.py: error: %s\n" % (
            e if isinstance(e, ToolInputError) else "missing key %s" % e))
        sys.exit(2)


if __name__ == "__main__":
    main()
