#!/usr/bin/env python3
"""Energy against time for several vitvmc runs (the default-study sweep, docs/results/default-study.md).

    plot_default_study.py --exact -0.50380965 -o study.png LABEL=RUN_DIR [LABEL=RUN_DIR ...]

(the last "=" of each argument separates the label from the directory)

Each RUN_DIR holds log.h5 (and summary.json when the run ended). Left: absolute error |E/N - exact| of the per-step
energy estimate against the cumulative time of the steps (the log's per-phase timers, wall seconds of
rank 0); right: the same against the step. A star marks the final fresh-sample measurement of
summary.json, at the cumulative step time of its last step.
"""

import argparse
import os
import sys

from vitvmc_tools.errors import ToolInputError
from vitvmc_tools.run_log import read_log
from vitvmc_tools.summary import read_summary


def read_run(path):
    """step, E/N, cumulative step seconds (sum of the phase timers) and summary.json (None while the
    run goes on) of one run directory."""
    import numpy as np

    log = read_log(os.path.join(path, "log.h5"))
    return log["step"], log["energy"], np.cumsum(log.step_seconds()), \
        read_summary(path, required=False)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("runs", nargs="+", help="LABEL=RUN_DIR")
    ap.add_argument("--exact", type=float, required=True)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--smooth", type=int, default=10, help="running mean over this many steps")
    args = ap.parse_args(argv)
    try:
        runs = [(item.rsplit("=", 1)[0], read_run(item.rsplit("=", 1)[1])) for item in args.runs]
    except (ToolInputError, IndexError) as e:
        sys.exit("plot_default_study.py: error: %s" % (e if isinstance(e, ToolInputError) else
                                                        "runs are LABEL=RUN_DIR"))

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, (ax_t, ax_s) = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    for i, (label, (step, energy, seconds, summary)) in enumerate(runs):
        rel = np.abs(energy - args.exact)
        k = max(1, min(args.smooth, len(rel)))
        smooth = np.convolve(rel, np.ones(k) / k, mode="valid")
        width = max(1.0, 2.0 * (len(runs) - i) - 1)  # later runs drawn thinner, on top
        (line,) = ax_t.plot(seconds[k - 1:] / 60, smooth, label=label, lw=width)
        ax_s.plot(step[k - 1:], smooth, color=line.get_color(), lw=width)
        if summary:
            final = abs(summary["energy_per_site"] - args.exact)
            at = np.searchsorted(step, summary["steps"])  # a restarted run's wall_seconds is partial
            ax_t.plot(seconds[min(at, len(seconds) - 1)] / 60, final, "*", ms=12,
                      color=line.get_color())
            ax_s.plot(summary["steps"], final, "*", ms=12, color=line.get_color())
    for ax in (ax_t, ax_s):
        ax.set_yscale("log")
        ax.axhline(3e-3, ls="--", color="gray", lw=1)
        ax.axhline(1e-3, ls=":", color="gray", lw=1)
        ax.grid(True, which="both", alpha=0.3)
    ax_t.set_xlabel("cumulative step time, minutes (this run's ranks and load)")
    ax_s.set_xlabel("step")
    ax_t.set_ylabel(f"|E/N - ({args.exact})|  ({args.smooth}-step mean)")
    ax_t.legend(fontsize=8)
    fig.suptitle("6x6 J1-J2, J2 = 0.5: per-step estimates (lines), final fresh measurement (stars); "
                 "dashed 3e-3, dotted 1e-3")
    fig.tight_layout()
    fig.savefig(args.output, dpi=110)


if __name__ == "__main__":
    main()
