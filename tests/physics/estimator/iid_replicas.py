#!/usr/bin/env python3
"""What an ideal sampler would report: iid replicas of vmc_measure from the exact distribution.

Reads the per-state data of an exact measurement (`vmc_measure --sampler.type exact --output F.h5
--output.samples`), draws R replicas of M independent samples of |psi|^q / Z_q for each q, and
evaluates each replica as vmc_measure does (importance weights |psi|^(2-q), the error bar from the
spread of K equal units as from K chains, the Pareto shape k of the variance's largest
contributions). Markov chains can only do worse than these replicas, so a difference between the
two is a Markov-chain effect (autocorrelation, warm-up, mixing) and what they share is a property
of the distribution (heavy tails). docs/statistics.md.

  iid_replicas.py F.h5 [--samples 8192] [--units 32] [--replicas 1000] [--runs 40] [--powers 2 1]
"""
import argparse

import h5py
import numpy as np


def pareto_shape(largest):
    """vitvmc::pareto_shape (estimator/tail_diagnostics.cpp): Zhang-Stephens with the PSIS prior."""
    n = len(largest) - 1
    if n < 5:
        return np.nan
    x = np.sort(largest[:n] - largest[n])
    q1 = x[int(np.floor(n / 4 + 0.5)) - 1]
    if not q1 > 0:
        return np.nan
    m = 30 + int(np.sqrt(n))
    theta = 1 / x[-1] + (1 - np.sqrt(m / (np.arange(1, m + 1) - 0.5))) / (3 * q1)
    k = np.log1p(-theta[:, None] * x).mean(axis=1)
    log_lik = n * (np.log(-theta / k) - k - 1)
    w = np.exp(log_lik - log_lik.max())
    k = np.log1p(-(w * theta).sum() / w.sum() * x).mean()
    return (n * k + 5) / (n + 10)


def largest_distinct(c, keep):
    c = np.sort(c)[::-1]
    out = [c[0]]
    for v in c[1:]:
        if len(out) >= keep:
            break
        if out[-1] - v > 1e-9 * out[-1]:
            out.append(v)
    return np.array(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("file")
    p.add_argument("--samples", type=int, default=8192)
    p.add_argument("--units", type=int, default=32)
    p.add_argument("--replicas", type=int, default=1000)
    p.add_argument("--runs", type=int, default=40, help="runs averaged for the variance ratio")
    p.add_argument("--powers", type=float, nargs="+", default=[2.0, 1.0])
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    with h5py.File(a.file, "r") as f:
        g = f["samples"]
        e = g["e_loc_real"][:] + 1j * g["e_loc_imag"][:]
        w = g["weight"][:]
        mult = g["multiplicity"][:]
    energy = (w * e).sum()
    variance = (w * abs(e - energy) ** 2).sum()
    p_state = w / mult
    keep = int(np.ceil(min(0.2 * a.samples, 3 * np.sqrt(a.samples)))) + 1
    limit = min(1 - 1 / np.log10(a.samples), 0.7)
    rng = np.random.default_rng(a.seed)
    print("exact: E %.10f variance %.6g; %d replicas of %d samples in %d units" % (
        energy.real, variance, a.replicas, a.samples, a.units))
    for q in a.powers:
        pi = mult * p_state ** (q / 2)
        pi /= pi.sum()
        importance = p_state ** ((2 - q) / 2)
        z, ratio, shape = [], [], []
        for _ in range(a.replicas):
            idx = rng.choice(len(e), size=a.samples, p=pi)
            x, ww = e[idx], importance[idx] / importance[idx].sum()
            mean = (ww * x).sum()
            c = ww * abs(x - mean) ** 2
            units = (ww * x.real).reshape(a.units, -1).sum(1)
            unit_w = ww.reshape(a.units, -1).sum(1)
            err = np.sqrt(((units - mean.real * unit_w) ** 2).sum() * a.units / (a.units - 1))
            z.append((mean.real - energy.real) / err)
            ratio.append(c.sum() / variance)
            shape.append(pareto_shape(largest_distinct(c, keep)))
        z, ratio, shape = np.array(z), np.array(ratio), np.array(shape)
        runs = ratio[: len(ratio) // a.runs * a.runs].reshape(-1, a.runs).mean(axis=1)
        flagged = shape > limit
        print("q %g: z mean %+.3f std %.3f, |z| > 3 in %.2f %%; variance ratio per run: mean %.3f, "
              "median %.3f, 10-90 %% %.2f-%.2f; mean of %d runs: 5-95 %% %.2f-%.2f; k > %.2f in "
              "%.0f %% of runs (ratio %.2f-%.2f there), k <= %.2f: ratio %s" % (
                  q, z.mean(), z.std(ddof=1), 100 * np.mean(abs(z) > 3), ratio.mean(),
                  np.median(ratio), *np.quantile(ratio, [0.1, 0.9]), a.runs,
                  *(np.quantile(runs, [0.05, 0.95]) if len(runs) > 1 else (np.nan, np.nan)),
                  limit, 100 * flagged.mean(),
                  ratio[flagged].min() if flagged.any() else np.nan,
                  ratio[flagged].max() if flagged.any() else np.nan, limit,
                  "%.2f-%.2f" % (ratio[~flagged].min(), ratio[~flagged].max())
                  if (~flagged).any() else "none"))


if __name__ == "__main__":
    main()
