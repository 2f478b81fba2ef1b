"""`scripts/study.py report`: docs/results/attention-study.md and its figures, from the runs' own
outputs only (summary.json, log.h5, measure.json/.h5, trace.jsonl, ed.json, convert/, refused.txt).
Needs numpy, matplotlib and h5py (/usr/bin/python3 on Debian: python3-numpy python3-matplotlib
python3-h5py)."""
import json
import math
import os
from pathlib import Path

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from vitvmc_tools.json_files import read_json_or_none as load_json  # noqa: E402
from vitvmc_tools.run_log import read_log_or_none  # noqa: E402
from vitvmc_tools.summary import energy_error  # noqa: E402

COLORS = {"factored": "tab:blue", "standard": "tab:red", "convert": "tab:green"}


def load_log(path):
    """step, energy, seconds per step (sum of the phase timers) of a run's log.h5, or None."""
    log = read_log_or_none(path)
    if log is None or "energy" not in log:
        return None
    return log["step"], log["energy"], log.step_seconds()


def fmt(x, digits=5):
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "-"
    return "%.*f" % (digits, x)


def pm(mean, err, digits=5):
    if mean is None:
        return "-"
    return "%s ± %s" % (fmt(mean, digits), fmt(err, digits)) if err is not None else fmt(mean, digits)


def reference(case, case_dir, summary):
    """(E/N, source) of the exact ground state: our vmc_ed, else the config's known value, else the
    code's reference table."""
    ed = load_json(case_dir / "ed.json")
    if ed and "energy_per_site" in ed:
        return ed["energy_per_site"], "vmc_ed"
    meta = case.get("meta", {})
    if "exact_energy_per_site" in meta:
        return float(meta["exact_energy_per_site"]), meta.get("exact_source", "study config")
    if summary and summary.get("exact_energy_per_site") is not None:
        e = summary["exact_energy_per_site"]
        if isinstance(e, (int, float)) and math.isfinite(e):
            return e, "reference table (ED literature)"
    return None, None


def collect(cfg, root):
    out = {"cfg": cfg, "cases": []}
    for case in cfg["cases"]:
        cdir = root / cfg["output"] / case["name"]
        c = {"name": case["name"], "opts": case["opts"], "dir": cdir, "runs": {}}
        refused = cdir / "refused.txt"
        if refused.exists():
            c["refused"] = refused.read_text().strip()
            out["cases"].append(c)
            continue
        for att in cfg["attentions"]:
            runs = []
            for seed in cfg["seeds"]:
                d = cdir / att / ("seed%d" % seed)
                r = {"seed": seed, "dir": d, "summary": load_json(d / "summary.json"),
                     "measure": load_json(d / "measure.json"), "log": load_log(d / "log.h5")}
                trace = []
                if (d / "trace.jsonl").exists():
                    for line in (d / "trace.jsonl").read_text().splitlines():
                        if line.strip():
                            t = json.loads(line)
                            entry = {k: t[k] for k in ("step", "energy_per_site",
                                                       "attention_spread") if k in t}
                            if energy_error(t) is not None:
                                entry["error_per_site"] = energy_error(t)
                            trace.append(entry)
                r["trace"] = trace
                if r["summary"]:
                    runs.append(r)
            c["runs"][att] = runs
        any_summary = next((r["summary"] for rs in c["runs"].values() for r in rs), None)
        c["exact"], c["exact_source"] = reference(case, cdir, any_summary)
        conv = cdir / "convert"
        c["convert"] = {"summary": load_json(conv / "summary.json"),
                        "log": load_log(conv / "log.h5")}
        out["cases"].append(c)
    return out


def samples_per_step(case, summary):
    if case["opts"].get("sampler.type") == "exact":
        return summary.get("samples")  # the sector's orbit count
    return int(case["opts"].get("sampler.samples", 1024))


def attention_row(case, att, runs):
    """One table row: statistics over the seeds of one case and attention."""
    energies, errors, vscores, sps, dvals = [], [], [], [], []
    for r in runs:
        m = r["measure"] or {}
        e = m.get("energy_per_site", r["summary"]["energy_per_site"])
        energies.append(e)
        errors.append(energy_error(m, r["summary"]["energy_per_site_error"]))
        vscores.append(m.get("v_score", r["summary"]["v_score"]))
        if r["log"] is not None:
            sps.append(float(np.median(r["log"][2])))
        if m.get("attention_spread"):
            dvals.append([float(np.mean(layer)) for layer in m["attention_spread"]])
    s0 = runs[0]["summary"]
    m0 = runs[0]["measure"] or {}
    flops = m0.get("forward_flops_per_sample")
    n = samples_per_step(case, s0)
    row = {"att": att, "seeds": len(runs), "best": min(energies),
           "mean": float(np.mean(energies)),
           "sem": float(np.std(energies, ddof=1) / math.sqrt(len(energies))) if len(energies) > 1
           else None,
           "best_err": errors[int(np.argmin(energies))], "vscore": float(np.mean(vscores)),
           "n_params": s0["n_params"], "sps": float(np.mean(sps)) if sps else None,
           "flops": flops * n if flops and n else None,
           "D": np.mean(np.array(dvals), axis=0).tolist() if dvals else None,
           "D_seeds": dvals}
    ex = case["exact"]
    row["rel_best"] = abs((row["best"] - ex) / ex) if ex else None
    row["rel_mean"] = abs((row["mean"] - ex) / ex) if ex else None
    return row


def energy_figures(study, results, name):
    cases = [c for c in study["cases"] if "refused" not in c]
    if not cases:
        return []
    written = []
    for xaxis in ("step", "time"):
        ncols = min(3, len(cases))
        nrows = (len(cases) + ncols - 1) // ncols
        fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.2 * nrows), squeeze=False)
        for ax in axes.flat[len(cases):]:
            ax.axis("off")
        for ax, c in zip(axes.flat, cases):
            finals = []
            for att, runs in c["runs"].items():
                for k, r in enumerate(runs):
                    if r["log"] is None:
                        continue
                    steps, e, sec = r["log"]
                    x = steps if xaxis == "step" else np.cumsum(sec)
                    ax.plot(x, e, color=COLORS[att], alpha=0.7, lw=1,
                            label=att if k == 0 else None)
                    finals.append(float(np.min(e)))
            if c["exact"] is not None:
                ax.axhline(c["exact"], color="k", ls="--", lw=1, label="exact")
                # the lowest energy of every run is in view
                top = max([c["exact"] + 0.25 * abs(c["exact"])] +
                          [f + 0.1 * abs(c["exact"]) for f in finals])
                ax.set_ylim(c["exact"] - 0.02 * abs(c["exact"]), top)
            ax.set_title(c["name"], fontsize=9)
            ax.set_xlabel("step" if xaxis == "step" else "wall seconds (phase timers)")
            ax.set_ylabel("E/N")
        axes.flat[0].legend(fontsize=7)
        fig.tight_layout()
        fname = "attention-study-%s-energy-%s.png" % (name, xaxis)
        fig.savefig(results / fname, dpi=72)
        plt.close(fig)
        written.append(fname)
    return written


def map_figure(study, results, name, convert_seed):
    """Per case: the standard model's mean maps (heads, n x n over patch pairs), its mean maps by
    displacement and the factored model's table by displacement (seed convert_seed)."""
    rows = []
    for c in study["cases"]:
        if "refused" in c:
            continue
        pick = {}
        for att in ("standard", "factored"):
            p = c["dir"] / att / ("seed%d" % convert_seed) / "measure.h5"
            if p.exists():
                pick[att] = p
        if "standard" in pick:
            rows.append((c, pick))
    if not rows:
        return None
    with h5py.File(rows[0][1]["standard"], "r") as f:
        heads = f["attention/layer0/mean"].shape[0]
    cols = 3 * heads
    fig, axes = plt.subplots(len(rows), cols, figsize=(2.1 * cols, 2.2 * len(rows)), squeeze=False)
    for i, (c, pick) in enumerate(rows):
        panels = []
        with h5py.File(pick["standard"], "r") as f:
            for mu in range(heads):
                panels.append((f["attention/layer0/mean"][mu], "std h%d A(I,J)" % mu))
            for mu in range(heads):
                panels.append((f["attention/layer0/by_displacement"][mu], "std h%d by disp." % mu))
        if "factored" in pick:
            with h5py.File(pick["factored"], "r") as f:
                for mu in range(heads):
                    panels.append((f["attention/layer0/by_displacement"][mu],
                                   "fact h%d by disp." % mu))
        for j in range(cols):
            ax = axes[i][j]
            ax.set_xticks([])
            ax.set_yticks([])
            if j < len(panels):
                img, title = panels[j]
                ax.imshow(img, cmap="viridis")
                ax.set_title(title, fontsize=7)
            else:
                ax.axis("off")
        axes[i][0].set_ylabel(c["name"], fontsize=8)
    fig.tight_layout()
    fname = "attention-study-%s-maps.png" % name
    fig.savefig(results / fname, dpi=72)
    plt.close(fig)
    return fname


def spread_figure(study, results, name):
    cases = [c for c in study["cases"] if "refused" not in c and c["runs"].get("standard")]
    if not cases or not any(r["trace"] for c in cases for r in c["runs"]["standard"]):
        return None
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    for k, c in enumerate(cases):
        color = plt.cm.tab10(k % 10)
        for j, r in enumerate(c["runs"]["standard"]):
            pts = [(t["step"], np.mean(t["attention_spread"][0])) for t in r["trace"]
                   if t.get("attention_spread")]
            if pts:
                x, y = zip(*pts)
                ax.plot(x, y, "o-", color=color, ms=3, lw=1, alpha=0.8,
                        label=c["name"] if j == 0 else None)
    ax.set_xlabel("step")
    ax.set_ylabel("D (layer 0, mean over heads)")
    ax.set_title("spread of standard-attention maps over samples", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fname = "attention-study-%s-spread.png" % name
    fig.savefig(results / fname, dpi=72)
    plt.close(fig)
    return fname


def common_options(cfg):
    keys = None
    for case in cfg["cases"]:
        items = set(case["opts"].items())
        keys = items if keys is None else keys & items
    return sorted(keys or [])


def study_section(study, results):
    """Markdown lines of one study config, and its figures written to `results`."""
    cfg = study["cfg"]
    name = cfg["name"]
    lines = ["## %s (`%s`)" % (name, cfg["path"]), ""]
    lines.append("Options of every run: " + ", ".join("`--%s %s`" % kv for kv in
                                                         common_options(cfg)) +
                 "; seeds %s (model.seed = sampler.seed); attentions %s." %
                 (" ".join(map(str, cfg["seeds"])), ", ".join(cfg["attentions"])))
    common = set(common_options(cfg))
    lines.append("")
    for case in cfg["cases"]:
        own = sorted(set(case["opts"].items()) - common)
        lines.append("- `%s`: %s" % (case["name"], ", ".join("`--%s %s`" % kv for kv in own)))
    finished = [r["summary"] for c in study["cases"] if "refused" not in c
                for rs in c["runs"].values() for r in rs]
    if finished:
        lines.append("")
        lines.append("%d training runs, ranks per run %s (summary.json), %.0f s of training wall "
                     "time in total (sum of their `wall_seconds`)." % (
                         len(finished), "/".join(sorted({str(s["ranks"]) for s in finished})),
                         sum(s["wall_seconds"] for s in finished)))
    lines.append("")
    refused = [c for c in study["cases"] if "refused" in c]
    for c in refused:
        lines.append("- **%s: not run** — vmc_dist refused its options: `%s`" %
                     (c["name"], c["refused"].splitlines()[0]))
    if refused:
        lines.append("")
    done = [c for c in study["cases"] if "refused" not in c and any(c["runs"].values())]
    if not done:
        lines.append("No finished runs.")
        return lines, None
    lines += ["### Energies and cost", "",
              "E/N: the final state measured by `vmc_measure` (exact sum in exact mode, else "
              "fresh Metropolis samples with their error); best and mean ± standard error over "
              "seeds. Relative error against the exact energy of the column 'exact'. s/step: median "
              "over steps of the phase timers in log.h5, mean over seeds. Forward FLOPs per step: "
              "`forward_flops_per_sample` (vmc_measure) × samples per step (the Jacobian and SR "
              "cost come on top and are in s/step). D: the spread of the maps, mean over heads "
              "and seeds, per layer.", "",
              "| case | attention | seeds | E/N best | E/N mean ± s.e. | rel. err best | "
              "rel. err mean | V-score | n_params | s/step | fwd FLOPs/step | D per layer | exact "
              "|", "|" + "---|" * 13]
    summary = {}
    for c in done:
        for att, runs in c["runs"].items():
            if not runs:
                continue
            row = attention_row(c, att, runs)
            summary[(c["name"], att)] = row
            lines.append("| %s | %s | %d | %s | %s | %s | %s | %s | %d | %s | %s | %s | %s |" % (
                c["name"], att, row["seeds"], pm(row["best"], row["best_err"]),
                pm(row["mean"], row["sem"]), fmt(row["rel_best"], 4), fmt(row["rel_mean"], 4),
                fmt(row["vscore"], 4), row["n_params"], fmt(row["sps"], 2),
                "%.3g" % row["flops"] if row["flops"] else "-",
                " ".join(fmt(d, 4) for d in row["D"]) if row["D"] else "-",
                "%s (%s)" % (fmt(c["exact"], 6), c["exact_source"]) if c["exact"] else "-"))
    lines.append("")
    lines += ["### Freeze and convert", "",
              "Freeze: every standard-attention run's final state with each map A(σ) replaced by "
              "the mean map Ā (`vmc_measure --attention.freeze`); ΔE = E(frozen) − E, mean over "
              "seeds (exact in exact mode; with the combined error of the two independent "
              "estimates otherwise). Convert: the seed-%d standard model turned into factored "
              "attention (Ā averaged by displacement, every other weight copied; "
              "`vmc_dist --init.from CKPT --init.attention_maps MEASURE.h5`) and trained "
              "%d more steps: E/N at its first step (before) and of its final state (after)." %
              (cfg["convert_seed"], cfg["convert_steps"]), "",
              "| case | E standard (seed mean) | E frozen (seed mean) | ΔE/N per seed | "
              "E standard seed %d | convert: before | convert: after | factored runs (mean) |"
              % cfg["convert_seed"], "|" + "---|" * 8]
    for c in done:
        runs = c["runs"].get("standard", [])
        pairs = [(r["measure"]["energy_per_site"], r["measure"]["freeze_energy_per_site"],
                  math.hypot(energy_error(r["measure"], 0),
                             r["measure"].get("freeze_error_per_site", 0)))
                 for r in runs if r["measure"] and "freeze_energy_per_site" in r["measure"]]
        if not pairs:
            continue
        conv = c["convert"]
        before = float(conv["log"][1][0]) if conv["log"] is not None else None
        after = conv["summary"]["energy_per_site"] if conv["summary"] else None
        fac = summary.get((c["name"], "factored"))
        source = next((r["measure"]["energy_per_site"] for r in runs
                       if r["seed"] == cfg["convert_seed"] and r["measure"]), None)
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            c["name"], fmt(np.mean([p[0] for p in pairs])), fmt(np.mean([p[1] for p in pairs])),
            "; ".join(pm(p[1] - p[0], p[2] if p[2] > 0 else None) for p in pairs),
            fmt(source), fmt(before), fmt(after), fmt(fac["mean"]) if fac else "-"))
    lines.append("")
    figs = energy_figures(study, results, name)
    maps = map_figure(study, results, name, cfg["convert_seed"])
    spread = spread_figure(study, results, name)
    lines += ["### Figures", ""]
    for f in figs:
        lines.append("![%s](%s)" % (f, f))
        lines.append("")
    if maps:
        lines.append("Mean attention maps of layer 0 (seed %d): the standard model's Ā(I, J) per "
                     "head (rows I, columns J, patches numbered x-fastest), its average by patch "
                     "displacement (dy down, dx across) and the factored model's table." %
                     cfg["convert_seed"])
        lines.append("")
        lines.append("![%s](%s)" % (maps, maps))
        lines.append("")
    if spread:
        lines.append("D vs step: `vmc_measure` on every kept checkpoint of the standard runs "
                     "(%d samples each; exact sum in exact mode)." % cfg["trace_samples"])
        lines.append("")
        lines.append("![%s](%s)" % (spread, spread))
        lines.append("")
    return lines, summary


def plain(x):
    """The collected study as JSON: paths as text, arrays as lists, the config left out."""
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items() if k not in ("cfg", "dir")}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, (np.floating, np.integer)):
        return x.item()
    if isinstance(x, Path):
        return str(x)
    return x


def report(configs, results, root):
    results.mkdir(parents=True, exist_ok=True)
    out = ["# Attention study: factored vs standard attention", "",
           "Written by `/usr/bin/python3 scripts/study.py report` from the outputs of "
           "`scripts/study.py run` (issue 12); every number below is read from those files. "
           "Energies per site in spin-1/2 S units (J1 = 1). This machine: %d cores "
           "(`os.cpu_count()`), load %.1f at report time (`os.getloadavg()`); when it is shared "
           "with other work, s/step compare the two attentions only roughly." %
           (os.cpu_count(), os.getloadavg()[0]), ""]
    data = {}
    for cfg in configs:
        study = collect(cfg, root)
        lines, _ = study_section(study, results)
        out += lines
        data[cfg["name"]] = plain(study)
    out += ["The numbers read from the run directories (runs/ is not kept in git) are in "
            "[attention-study-data.json](attention-study-data.json).", ""]
    (results / "attention-study-data.json").write_text(json.dumps(data, separators=(",", ":")) + "\n")
    path = results / "attention-study.md"
    path.write_text("\n".join(out) + "\n")
    print("wrote " + str(path))
    return 0
