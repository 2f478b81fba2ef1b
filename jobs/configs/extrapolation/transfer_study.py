#!/usr/bin/env python3
"""Summarise the --init.from study (docs/extrapolation.md): for each pair of runs on one lattice,
one started with --init.from and one from random parameters, the energy of the starting parameters
(the E/N of step 1, sampled before the first update), the last step's E/N, and the steps each needs
to reach the random run's final energy (mean of its last 3 steps).

  jobs/configs/extrapolation/transfer_study.py RUN_DIR_PREFIX PAIR...   PAIR = transferred:random
  e.g. transfer_study.py runs/transfer 8x8_from_6x6:8x8_random 10x10_from_8x8:10x10_random
Reads <prefix>/<name>.out (vmc_dist's stdout)."""
import re
import sys
from pathlib import Path

STEP = re.compile(r"^step +(\d+)/\d+ +E/N = (-?[0-9.]+) \+- ([0-9.]+)")


def steps(path):
    return [(int(m.group(1)), float(m.group(2)), float(m.group(3)))
            for m in map(STEP.match, Path(path).read_text().splitlines()) if m]


def first_below(series, target):
    return next((k for k, e, _ in series if e <= target), None)


def main(prefix, pairs):
    print("| lattice | start | E/N at step 0 | lowest E/N (after k updates) | E/N at last step | "
          "updates to reach the target |")
    print("|---|---|---|---|---|---|")
    for pair in pairs:
        moved, fresh = pair.split(":")
        a, b = steps(Path(prefix) / (moved + ".out")), steps(Path(prefix) / (fresh + ".out"))
        target = sum(e for _, e, _ in b[-3:]) / len(b[-3:])
        for name, s in ((moved, a), (fresh, b)):
            k = first_below(s, target)
            best = min(s, key=lambda x: x[1])
            print("| %s | %s | %.4f ± %.4f | %.4f ± %.4f (%d) | %.4f ± %.4f (%d) | %s |" % (
                name.split("_")[0], name, s[0][1], s[0][2], best[1], best[2], best[0] - 1,
                s[-1][1], s[-1][2], s[-1][0] - 1,
                "%d (target %.4f)" % (k - 1, target) if k else "not within %d steps" % s[-1][0]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
