#!/usr/bin/env python3
"""Plot the energy convergence of a vitvmc run from its log.h5 (works while the run goes on).

    plot_run.py vmc_output/log.h5 --exact -0.50380965 -o energy.png

Top panel: energy per site with error bars against the step (and the exact value when given).
Bottom panel (with --exact): relative error |E - E_exact| / |E_exact| on a log axis.
Energies are per site in spin-1/2 S units (J1 = 1); a log whose `energy` column is not per site
(its `units` attribute does not mention "site") needs --n-sites.
"""

import argparse
import sys

from vitvmc_tools.errors import ToolInputError
from vitvmc_tools.run_log import read_log as read_log_table


def read_log(path, n_sites):
    """Returns step, E/N and its error (None when the log has no energy_error column)."""
    import numpy as np

    try:
        log = read_log_table(path)
    except ToolInputError as e:
        sys.exit(str(e))
    if "energy" not in log:
        sys.exit(f"{path}: no energy column")
    step, energy, error = log["step"], log["energy"], log.get("energy_error")
    units = log.units.get("energy", "")
    if "site" not in units:
        if not n_sites:
            sys.exit(f"{path}: energy units are '{units}', not per site; pass --n-sites")
        energy = energy / n_sites
        error = error / n_sites if error is not None else None
    keep = np.isfinite(energy)
    return step[keep], energy[keep], error[keep] if error is not None else None


def plot(step, energy, error, exact, output):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    panels = 2 if exact is not None else 1
    fig, axes = plt.subplots(panels, 1, sharex=True, figsize=(7, 3.2 * panels), squeeze=False)
    top = axes[0, 0]
    top.errorbar(step, energy, yerr=error, fmt=".-", ms=3, lw=0.8, capsize=1.5, label="VMC")
    if exact is not None:
        top.axhline(exact, color="k", ls="--", lw=0.8, label=f"exact {exact:.8f}")
    top.set_ylabel("E / N  [J1]")
    top.legend(loc="upper right")
    top.grid(alpha=0.3)
    if exact is not None:
        bottom = axes[1, 0]
        relative = np.abs(energy - exact) / abs(exact)
        bottom.semilogy(step, np.maximum(relative, 1e-12), ".-", ms=3, lw=0.8)
        if error is not None:
            bottom.fill_between(step, np.maximum(relative - error / abs(exact), 1e-12),
                                relative + error / abs(exact), alpha=0.25, lw=0)
        bottom.set_ylabel("|E - E_exact| / |E_exact|")
        bottom.grid(alpha=0.3, which="both")
    axes[-1, 0].set_xlabel("step")
    fig.tight_layout()
    fig.savefig(output, dpi=120)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", help="the run's log.h5")
    parser.add_argument("--exact", type=float, help="exact energy per site (J1 units)")
    parser.add_argument("--n-sites", type=int, help="sites, when the log's energy is not per site")
    parser.add_argument("-o", "--output", default="energy.png", help="image file (default: %(default)s)")
    args = parser.parse_args(argv)

    step, energy, error = read_log(args.log, args.n_sites)
    if len(step) == 0:
        sys.exit(f"{args.log}: no finite energies yet")
    plot(step, energy, error, args.exact, args.output)
    line = f"final E/N = {energy[-1]:.8f}"
    if error is not None:
        line += f" +- {error[-1]:.8f}"
    line += f" at step {step[-1]}"
    if args.exact is not None:
        line += f"; relative error {abs(energy[-1] - args.exact) / abs(args.exact):.3e}"
    print(f"{line}; wrote {args.output}")


if __name__ == "__main__":
    main()
