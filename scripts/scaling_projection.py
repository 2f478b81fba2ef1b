#!/usr/bin/env python3
"""Projects seconds per step and parallel efficiency of a production configuration at large rank
counts from measured per-rank rates (scripts/scaling.py collect JSON) and a latency/bandwidth
network model. Re-runnable: all inputs are JSON, the output is a Markdown table and JSON.

  scaling_projection.py MEASURED.json PRODUCTION.json [--rates RATES.json] [--markdown OUT.md]
                        [--json OUT.json]
  scaling_projection.py MEASURED.json PRODUCTION.json [--rates RATES.json] --sensitivity
                        [--markdown OUT.md] [--json OUT.json] [--plot OUT.png]

MEASURED.json: `scaling.py collect --json` output of a sweep: its multi-rank runs check the byte
model against the counted bytes. RATES.json (default: MEASURED.json): either collect output, whose
run with the fewest ranks gives the per-rank rates (flop/s per phase; use a model close to the
production one: rates depend on the matrix shapes), or {"rates_flops_per_s": {phase: flop/s},
"source": "..."} (e.g. this script's own --json output) to give the rates directly. PRODUCTION.json:
{"name", "lattice": {lx, ly}, "model": {d, heads, layers, patch, ffn, attention, n_params},
"sampler": {samples, chains, sweeps, discard}, "ranks": [...], "network": {"latency_s",
"bandwidth_bytes_per_s", "ranks_per_node", ...}, "scalapack_block"}. docs/scaling.md explains every
formula.

--sensitivity: instead of the projection table, the parallel efficiency (against the smallest rank
count, itself projected) at every production rank count with every compute rate multiplied by
1, 3, 10 and the network bandwidth divided by 1, 3, 10 (the same table as JSON; --plot draws it).
"""
import argparse
import json
import math
import re
import sys

COMPUTE = ["sampling", "local_energy", "jacobian", "sr_matrix", "sr_solve"]


def vit_forward_flops(n_sites, model):
    """ViTWaveFunction::forward_flops_per_sample (docs/benchmarks.md)."""
    b2 = model["patch"] ** 2
    n = n_sites / b2
    d = model["d"]
    f = model["ffn"] * d
    # standard and decoupled: Q and K projections and the q.k products (AttentionCost)
    softmax = model.get("attention", "factored") in ("standard", "decoupled")
    per_layer = (4 if softmax else 2) * n * d * d + 2 * n * d * f + (2 if softmax else 1) * n * n * d
    return 2.0 * (n * b2 * d + model["layers"] * per_layer + 2 * d * d)


def connected_per_sample(n_sites):
    """Off-diagonal J1 and J2 terms of a typical Sz = 0 configuration: 2N J1 bonds and 2N J2
    bonds, about half of them antiparallel, plus the diagonal: ~2N + 1 model rows per sample
    (docs/benchmarks.md measured 201.3 on 10x10)."""
    return 2 * n_sites + 1


def work(n_sites, model, n_params, sampler, ranks):
    """Flops per rank per step, per compute phase, and the local batch sizes."""
    f = vit_forward_flops(n_sites, model)
    m, c = sampler["samples"], sampler["chains"]
    local_chains = c / ranks
    proposals = local_chains * (sampler.get("discard", 5) + (m / c) * sampler.get("sweeps", 1)) * n_sites
    local_samples = m / ranks
    rows = 2.0 * m  # kernel SR: 2M x 2M kernel from the 2M x P matrix X
    return {
        "sampling": proposals * f,
        "local_energy": local_samples * connected_per_sample(n_sites) * f,
        "jacobian": local_samples * 5 * f,
        "sr_matrix": rows * rows * n_params / ranks,           # pdsyrk (lower half, 2 flops/MAC)
        "sr_solve": (rows ** 3 / 3 + 4 * rows * n_params) / ranks,  # pdpotrf + X^T y + residual
    }, {"local_chains": local_chains, "local_samples": local_samples, "forward_flops": f}


def counted_bytes(n_params, samples, ranks):
    """Bytes a rank contributes to vitvmc's own collectives per step (what summary.json counts):
    mean log-derivative (complex P), X rows to the ScaLAPACK grid (the share of its 2M/R x P rows
    owned elsewhere), e and y (2M doubles each, its block), the update sum (P doubles)."""
    rows_local = 2.0 * samples / ranks
    x_sent = rows_local * n_params * 8 * (ranks - 1) / ranks
    return 16 * n_params + x_sent + 2 * rows_local * 8 + 8 * n_params


def comm_seconds(n_params, samples, ranks, net, block, small_calls):
    """Latency/bandwidth model of one step's communication, per rank."""
    a, bw = net["latency_s"], net["bandwidth_bytes_per_s"]
    if ranks <= 1:
        return {"collectives": 0.0, "scalapack": 0.0}
    lg = math.log2(ranks)
    frac = (ranks - 1) / ranks
    rows = 2.0 * samples
    t = 0.0
    # allreduce (Rabenseifner): 2 log R latencies, 2 (R-1)/R of the vector per rank
    for vec_bytes in (16 * n_params, 8 * n_params):
        t += 2 * lg * a + 2 * frac * vec_bytes / bw
    # X to the block-cyclic grid: alltoallv, R-1 messages, its rows owned elsewhere
    t += (ranks - 1) * a + (rows / ranks) * n_params * 8 * frac / bw
    # e and y replicated: allgatherv of 2M doubles, twice
    t += 2 * (lg * a + frac * rows * 8 / bw)
    # small statistics collectives (energy, R-hat, flags): latency only
    t += small_calls * 2 * lg * a
    # ScaLAPACK on a pr x pc grid: pdsyrk broadcasts X panels along rows and columns
    # (n k (1/pr + 1/pc) doubles received per process, k/nb steps of log p latency), pdpotrf the
    # kernel's panels (n^2/2 (1/pr + 1/pc) doubles, n/nb steps).
    pr = 2 ** math.floor(lg / 2)
    pc = ranks / pr
    inv = 1 / pr + 1 / pc
    s = (rows * n_params * inv * 8 / bw + (n_params / block) * 2 * lg * a
         + rows * rows / 2 * inv * 8 / bw + (rows / block) * 2 * lg * a)
    return {"collectives": t, "scalapack": s}


def parse_model(description):
    fields = dict(re.findall(r"(\w+)=(\d+)", description))
    attention = next((a for a in ("standard", "decoupled") if a in description), "factored")
    return {"d": int(fields["d"]), "heads": int(fields["heads"]), "layers": int(fields["layers"]),
            "patch": int(fields["patch"]), "ffn": int(fields["ffn"]) // int(fields["d"]),
            "attention": attention, "n_params": int(fields["P"])}


def byte_checks(runs):
    """vitvmc's counted collective bytes against the byte model, for every multi-rank run."""
    checks = []
    for r in runs:
        if r["ranks"] < 2:
            continue
        predicted = counted_bytes(parse_model(r["model"])["n_params"], r["samples"], r["ranks"])
        checks.append({"mode": r["mode"], "ranks": r["ranks"], "counted": r["bytes_per_step"],
                       "model": predicted, "ratio": r["bytes_per_step"] / predicted,
                       "calls": r["calls_per_step"]})
    return checks


def direct_rates(measured, rates_source):
    """Rates given as flop/s per phase ({"rates_flops_per_s": ...}), e.g. a measured production
    step: used as they are (no core-share correction here). Optional "wall_rates_flops_per_s" and
    "cpu_share" (the keys of this script's --json output) say what was measured before a
    correction; they are only shown."""
    rates = {p: float(rates_source["rates_flops_per_s"][p]) for p in COMPUTE}
    wall = rates_source.get("wall_rates_flops_per_s", rates)
    runs = measured["runs"]
    return {"base": None, "source": rates_source.get("source", "rates given directly"),
            "rates": rates, "wall_rates": {p: float(wall[p]) for p in COMPUTE},
            "cpu_share": float(rates_source.get("cpu_share", 1.0)),
            "byte_checks": byte_checks(runs),
            "small_calls": max((r["calls_per_step"] for r in runs), default=0)}


def measured_rates(measured, rates_source):
    if "rates_flops_per_s" in rates_source:
        return direct_rates(measured, rates_source)
    runs = measured["runs"]
    base = min(rates_source["runs"], key=lambda r: r["ranks"])
    model = parse_model(base["model"])
    cfg = base.get("config", {})
    n_sites = base["lattice"]["lx"] * base["lattice"]["ly"]
    sampler = {"samples": base["samples"], "chains": base["chains"],
               "sweeps": int(cfg.get("sampler.sweeps", 1)), "discard": int(cfg.get("sampler.discard", 5))}
    flops, _ = work(n_sites, model, model["n_params"], sampler, base["ranks"])
    wall_rates = {p: flops[p] / base["seconds_per_step"][p] for p in COMPUTE
                  if base["seconds_per_step"][p] > 0}
    # A rank that got a share s < 1 of a core (shared machine) would run ~1/s faster on its own
    # core when CPU-bound: the rates per dedicated core.
    share = min(1.0, base.get("cpu_share_per_rank") or 1.0)
    rates = {p: r / share for p, r in wall_rates.items()}
    small_calls = max((r["calls_per_step"] for r in runs), default=0)
    source = (f"the {base['ranks']}-rank {base['mode']} run ({base['model']}, {base['samples']} "
              f"samples, {base['chains']} chains)")
    return {"base": base, "source": source, "model": model, "sampler": sampler, "rates": rates,
            "wall_rates": wall_rates, "cpu_share": share, "byte_checks": byte_checks(runs),
            "small_calls": small_calls}


def project(measured, production, rates_source):
    m = measured_rates(measured, rates_source)
    return m, project_rows(m, production)


def project_rows(m, production):
    """One row per production rank count: phase seconds, communication, efficiency against the
    smallest count (compute efficiency is 1 by construction: compute divides exactly by R)."""
    lat = production["lattice"]
    n_sites = lat["lx"] * lat["ly"]
    model = production["model"]
    p = model["n_params"]
    rows = []
    for ranks in production["ranks"]:
        flops, sizes = work(n_sites, model, p, production["sampler"], ranks)
        comp = {ph: flops[ph] / m["rates"][ph] for ph in COMPUTE}
        comm = comm_seconds(p, production["sampler"]["samples"], ranks, production["network"],
                            production.get("scalapack_block", 64), m["small_calls"])
        total = sum(comp.values()) + comm["collectives"] + comm["scalapack"]
        mem = (2.0 * production["sampler"]["samples"] / ranks) * p * 8 * 2 \
            + sizes["local_samples"] * p * 16 \
            + (2.0 * production["sampler"]["samples"]) ** 2 * 8 / ranks
        rows.append({"ranks": ranks, "compute": comp, "communication": comm, "step_seconds": total,
                     "compute_seconds": sum(comp.values()),
                     "communication_seconds": comm["collectives"] + comm["scalapack"],
                     "local_chains": sizes["local_chains"], "local_samples": sizes["local_samples"],
                     "forward_flops": sizes["forward_flops"], "memory_bytes_per_rank": mem,
                     "counted_bytes_per_step": counted_bytes(p, production["sampler"]["samples"], ranks)})
    base = min(rows, key=lambda r: r["ranks"])
    for r in rows:
        scale = r["ranks"] / base["ranks"]
        r["efficiency"] = base["step_seconds"] / (r["step_seconds"] * scale)
        r["compute_efficiency"] = base["compute_seconds"] / (r["compute_seconds"] * scale)
    return rows


COMPUTE_FACTORS = (1, 3, 10)     # every compute rate multiplied by
BANDWIDTH_DIVISORS = (1, 3, 10)  # the network bandwidth divided by


def sensitivity(m, production):
    """Efficiency at every production rank count for each (compute factor, bandwidth divisor)."""
    cells = []
    for c in COMPUTE_FACTORS:
        for b in BANDWIDTH_DIVISORS:
            faster = dict(m, rates={p: r * c for p, r in m["rates"].items()})
            net = dict(production["network"],
                       bandwidth_bytes_per_s=production["network"]["bandwidth_bytes_per_s"] / b)
            rows = project_rows(faster, dict(production, network=net))
            cells.append({"compute_factor": c, "bandwidth_divisor": b,
                          "efficiency": {str(r["ranks"]): r["efficiency"] for r in rows},
                          "step_seconds": {str(r["ranks"]): r["step_seconds"] for r in rows},
                          "communication_share": {str(r["ranks"]): r["communication_seconds"] /
                                                  r["step_seconds"] for r in rows}})
    return cells


def sensitivity_markdown(cells, production):
    ranks = sorted(production["ranks"])
    base, shown = ranks[0], ranks[1:]
    out = [f"Parallel efficiency against {base} ranks (the {base}-rank step itself projected with "
           "the same inputs), at " + " / ".join(str(r) for r in shown) + " ranks; rows: every "
           "compute rate multiplied, columns: the network bandwidth divided:\n",
           "| compute rate | " + " | ".join(f"bandwidth / {b}" for b in BANDWIDTH_DIVISORS) + " |",
           "|" + "---|" * (len(BANDWIDTH_DIVISORS) + 1)]
    for c in COMPUTE_FACTORS:
        row = [x for x in cells if x["compute_factor"] == c]
        out.append(f"| x{c} | " + " | ".join(
            " / ".join(f"{100 * x['efficiency'][str(r)]:.0f} %" for r in shown) for x in row) + " |")
    return "\n".join(out) + "\n"


def sensitivity_plot(cells, production, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ranks = sorted(production["ranks"])[1:]
    fig, axes = plt.subplots(1, len(ranks), figsize=(4.5 * len(ranks), 3.8), sharey=True,
                             squeeze=False)
    for ax, r in zip(axes[0], ranks):
        for b in BANDWIDTH_DIVISORS:
            row = [x for x in cells if x["bandwidth_divisor"] == b]
            ax.plot([x["compute_factor"] for x in row],
                    [100 * x["efficiency"][str(r)] for x in row], "o-", label=f"bandwidth / {b}")
        ax.axhline(80, color="gray", ls=":", lw=0.8)
        ax.set_xscale("log")
        ax.set_xticks(COMPUTE_FACTORS, [f"x{c}" for c in COMPUTE_FACTORS])
        ax.set_xlabel("compute rates multiplied by")
        ax.set_title(f"{r} ranks (vs {sorted(production['ranks'])[0]}, projected)", fontsize=9)
        ax.set_ylim(0, 105)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("projected parallel efficiency (%)")
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def markdown(m, rows, production):
    out = []
    b = m["base"]
    if b is None:
        out.append(f"Rates given directly ({m['source']}), in GFLOP/s per rank" +
                   (f"; the measured rank got {100 * m['cpu_share']:.0f} % of a core, the rates per "
                    "dedicated core (used below) were given beside its wall-clock rates:\n"
                    if m["cpu_share"] < 1 else ":\n"))
    else:
        out.append(f"Rates measured from {m['source']}, in GFLOP/s per rank; the rank got "
                   f"{100 * m['cpu_share']:.0f} % of a core, so the rates per dedicated core (used "
                   "below) are the wall-clock rates divided by that share:\n")
    out.append("| rate | " + " | ".join(COMPUTE) + " |")
    out.append("|" + "---|" * (len(COMPUTE) + 1))
    out.append("| wall clock | " + " | ".join(f"{m['wall_rates'][p] / 1e9:.2f}" for p in COMPUTE) + " |")
    out.append("| per core | " + " | ".join(f"{m['rates'][p] / 1e9:.2f}" for p in COMPUTE) + " |\n")
    if m["byte_checks"]:
        out.append("Byte model against the counted bytes (summary.json, last step, max over ranks):\n")
        out.append("| mode | ranks | counted bytes/step | model | counted / model |")
        out.append("|---|---|---|---|---|")
        for c in m["byte_checks"]:
            out.append(f"| {c['mode']} | {c['ranks']} | {c['counted']:,} | {c['model']:,.0f} | "
                       f"{c['ratio']:.3f} |")
        out.append("")
    net = production["network"]
    out.append(f"**{production['name']}**: {production['lattice']['lx']}x{production['lattice']['ly']}, "
               f"P = {production['model']['n_params']:,}, forward {rows[0]['forward_flops'] / 1e6:.1f} "
               f"MFlop/sample, M = {production['sampler']['samples']}, "
               f"{production['sampler']['chains']} chains; network: latency "
               f"{net['latency_s'] * 1e6:.1f} us, {net['bandwidth_bytes_per_s'] / 1e9:.2f} GB/s per "
               f"rank ({net.get('description', '')}).\n")
    out.append("| ranks | s/step | sampling | local_energy | jacobian | sr_matrix | sr_solve | "
               "collectives | ScaLAPACK comm | efficiency | compute eff. | chains/rank |")
    out.append("|" + "---|" * 12)
    for r in rows:
        c = r["compute"]
        out.append(f"| {r['ranks']} | {r['step_seconds']:.1f} | " +
                   " | ".join(f"{c[p]:.2f}" for p in COMPUTE) +
                   f" | {r['communication']['collectives']:.3f} | {r['communication']['scalapack']:.2f}"
                   f" | {100 * r['efficiency']:.0f} % | {100 * r['compute_efficiency']:.0f} % | "
                   f"{r['local_chains']:g} |")
    out.append(f"\nEfficiency against {rows[0]['ranks']} ranks, whose step is itself projected; "
               "compute eff. is 100 % by construction (the model divides the compute work exactly "
               "by the ranks). Memory per rank: `vmc_dist --plan --plan.ranks R` "
               "(docs/memory-plan.md), not this model.")
    return "\n".join(out) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("measured")
    ap.add_argument("production")
    ap.add_argument("--rates", help="collect JSON whose smallest run gives the rates, or "
                    "{\"rates_flops_per_s\": {...}}")
    ap.add_argument("--sensitivity", action="store_true",
                    help="efficiency against compute rate x1/x3/x10 and bandwidth /1 /3 /10")
    ap.add_argument("--markdown")
    ap.add_argument("--json")
    ap.add_argument("--plot", help="with --sensitivity: the figure (PNG)")
    a = ap.parse_args(argv)
    with open(a.measured) as f:
        measured = json.load(f)
    with open(a.production) as f:
        production = json.load(f)
    rates_source = measured
    if a.rates:
        with open(a.rates) as f:
            rates_source = json.load(f)
    m, rows = project(measured, production, rates_source)
    if a.sensitivity:
        cells = sensitivity(m, production)
        text = sensitivity_markdown(cells, production)
        result = {"rates_flops_per_s": m["rates"], "rates_source": m["source"],
                  "baseline_ranks": min(production["ranks"]), "sensitivity": cells,
                  "production": production}
        if a.plot:
            sensitivity_plot(cells, production, a.plot)
    else:
        text = markdown(m, rows, production)
        result = {"rates_flops_per_s": m["rates"], "wall_rates_flops_per_s": m["wall_rates"],
                  "cpu_share": m["cpu_share"], "byte_checks": m["byte_checks"],
                  "projection": rows, "production": production}
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1:])
