#!/usr/bin/env python3
"""Do vmc_measure's error bars and variances cover the exact values? (docs/statistics.md)

For one checkpoint: the exact E/N and variance of its theta (vmc_measure --sampler.type exact,
the S^z = 0 sector summed), then RUNS independent Metropolis measurements (new chains, seeds
1..RUNS) for each chain power q; per q the z-scores z = (E_MC - E_exact) / error, their mean and
standard deviation, and the mean sampled variance over the exact one. Passes when, for every q,
|mean z| <= 0.5 and 0.7 <= std z <= 1.4, and for q = 1 the variance ratio is in [0.67, 1.5].

  validate_error_bars.py --vmc-measure BIN --checkpoint CKPT [--runs 40] [--chains 32]
      [--samples 8192] [--powers 2 1] [--json OUT] [--launcher "mpirun -n 2"]

Prints one line per run and a table; --json writes every run and the summary. Exit 0 pass, 1 fail.
"""
import argparse
import json
import shlex
import statistics
import subprocess
import sys

MEAN_Z_LIMIT = 0.5
STD_Z_RANGE = (0.7, 1.4)
VARIANCE_RATIO_RANGE = (0.67, 1.5)


def measure(args, extra):
    cmd = shlex.split(args.launcher) + [args.vmc_measure, "--checkpoint", args.checkpoint, "--json"]
    proc = subprocess.run(cmd + extra, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("vmc_measure failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd + extra),
                                                       proc.stdout + proc.stderr))
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    return json.loads(lines[-1])


def summarize(runs, exact):
    z = [(r["energy_per_site"] - exact["energy_per_site"]) / r["energy_per_site_error"]
         for r in runs]
    ratio = statistics.mean(r["variance"] for r in runs) / exact["variance"]
    return {"runs": len(runs), "mean_z": statistics.mean(z), "std_z": statistics.stdev(z),
            "variance_ratio": ratio, "z": z,
            "median_variance_ratio": statistics.median(r["variance"] for r in runs) /
            exact["variance"],
            "variance_untrusted": sum(1 for r in runs if not r["variance_trusted"]),
            "error_untrusted": sum(1 for r in runs if not r["error_trusted"])}


def verdict(q, s):
    failures = []
    if abs(s["mean_z"]) > MEAN_Z_LIMIT:
        failures.append("mean z %.3f outside +-%.1f" % (s["mean_z"], MEAN_Z_LIMIT))
    if not STD_Z_RANGE[0] <= s["std_z"] <= STD_Z_RANGE[1]:
        failures.append("std z %.3f outside [%.1f, %.1f]" % ((s["std_z"],) + STD_Z_RANGE))
    if q == 1 and not VARIANCE_RATIO_RANGE[0] <= s["variance_ratio"] <= VARIANCE_RATIO_RANGE[1]:
        failures.append("variance ratio %.3f outside [%.2f, %.1f]" %
                        ((s["variance_ratio"],) + VARIANCE_RATIO_RANGE))
    return failures


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--vmc-measure", required=True)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--runs", type=int, default=40)
    p.add_argument("--chains", type=int, default=32)
    p.add_argument("--samples", type=int, default=8192)
    p.add_argument("--powers", type=float, nargs="+", default=[2.0, 1.0])
    p.add_argument("--launcher", default="", help="e.g. 'mpirun -n 2' (default: none)")
    p.add_argument("--json", help="write every run and the summary here")
    args = p.parse_args()

    exact = measure(args, ["--sampler.type", "exact"])
    print("exact: E/N %.10f variance %.6g" % (exact["energy_per_site"], exact["variance"]))
    results = {"checkpoint": args.checkpoint, "exact": exact, "chains": args.chains,
               "samples": args.samples, "powers": {}}
    failures = []
    for q in args.powers:
        runs = []
        for seed in range(1, args.runs + 1):
            r = measure(args, ["--sampler.type", "metropolis", "--sampler.chains", str(args.chains),
                               "--sampler.seed", str(seed), "--measure.samples", str(args.samples),
                               "--sampler.psi_power", repr(q)])
            keep = {k: r[k] for k in ("energy_per_site", "energy_per_site_error", "variance",
                                      "variance_error", "r_hat", "effective_samples",
                                      "energy_tail_shape", "variance_tail_shape",
                                      "largest_variance_share", "error_trusted",
                                      "variance_trusted")}
            keep["seed"] = seed
            runs.append(keep)
            print("q %g seed %d: E/N %.8f +- %.2g  z %+.2f  variance %.4g (x%.2f)  k %s / %s" % (
                q, seed, r["energy_per_site"], r["energy_per_site_error"],
                (r["energy_per_site"] - exact["energy_per_site"]) / r["energy_per_site_error"],
                r["variance"], r["variance"] / exact["variance"], r["energy_tail_shape"],
                r["variance_tail_shape"]), flush=True)
        s = summarize(runs, exact)
        results["powers"][repr(q)] = {"summary": s, "runs": runs}
        bad = verdict(q, s)
        failures += ["q = %g: %s" % (q, b) for b in bad]
        print("q %g: %d runs, mean z %+.3f, std z %.3f, variance ratio %.3f (median %.3f), "
              "variance flagged in %d, error bar flagged in %d: %s" % (
                  q, s["runs"], s["mean_z"], s["std_z"], s["variance_ratio"],
                  s["median_variance_ratio"], s["variance_untrusted"], s["error_untrusted"],
                  "fail" if bad else "pass"), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
