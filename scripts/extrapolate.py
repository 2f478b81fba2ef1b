#!/usr/bin/env python3
"""Finite-size extrapolation of vitvmc runs to the thermodynamic limit (docs/extrapolation.md).

  scripts/extrapolate.py FILE_OR_DIR... [--json] [--b4] [--lmin L] [--plot FILE | --no-plot]
  scripts/extrapolate.py FILE_OR_DIR... --zero-variance [variance|v_score] [--json]

Inputs, any mix of:
  * summary.json of a vmc_dist run, or a run directory holding one (and optionally measure.json,
    the line vmc_measure --json prints: its energy, S(pi,pi) and S(pi,0) then replace the run's);
  * a vmc_measure --json output file (needs "lx"/"ly" in it or a summary.json beside it);
  * a CSV table with a header line: lx,ly,energy_per_site[,energy_per_site_error[,...]] and '#'
    comment lines (published data, see tests/scripts/data/).

Fits (weighted least squares with weights 1/sigma^2, parameter covariance (A^T W A)^-1, reduced
chi^2, and a leave-one-out check):
  E/N        = e_inf + a N^(-3/2) [+ b N^(-2)]      (= a/L^3 + b/L^4 on an L x L lattice)
  S(pi,pi)/N = m2 + c N^(-1/2)                      (= c/L; Neel order, m2 = m_s^2 / 3 from S^z)
  S(pi,0)/N  = m2 + c N^(-1/2)                      (stripe order)
Without error bars (a table that gives none) every point has weight 1 and the covariance is scaled
by the residual variance (chi^2/dof), which is then the only error estimate: the output says so.

--zero-variance fits E/N = e_zv + c x over runs on one lattice, x = variance/N (variance of the
total energy per site) or the V-score, and reports e_zv at x = 0.

--json prints one line starting with '{' with at least e_inf and e_inf_error (e_zv, e_zv_error in
--zero-variance mode). Exit codes: 0 success, 2 bad input (message names the argument).
"""
import argparse
import csv
import json
import math
import sys
from pathlib import Path

import numpy as np

EXIT_BAD_INPUT = 2


class BadInput(Exception):
    pass


# ------------------------------------------------------------------------------------------ input
def _json_line(path):
    """The JSON object in `path`: the whole file, or its last line starting with '{'."""
    try:
        text = Path(path).read_text()
    except (UnicodeDecodeError, OSError) as e:
        raise BadInput("%s: cannot read as text (%s)" % (path, e))
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        for line in reversed(text.splitlines()):
            if line.startswith("{"):
                return json.loads(line)
    raise BadInput("%s: no JSON object found" % path)


def _point(lx, ly, source, **values):
    p = {"lx": int(lx), "ly": int(ly), "n": int(lx) * int(ly), "source": str(source)}
    p.update({k: (None if v is None else float(v)) for k, v in values.items()})
    return p


def _from_measure(m, lx, ly, source):
    return _point(lx, ly, source, energy=m.get("energy_per_site"),
                  energy_error=m.get("error_per_site"), variance=m.get("variance"),
                  v_score=m.get("v_score"), s_pi_pi=m.get("s_pi_pi"),
                  s_pi_pi_error=m.get("s_pi_pi_error"), s_pi_0=m.get("s_pi_0"),
                  s_pi_0_error=m.get("s_pi_0_error"))


def _from_summary(path):
    s = _json_line(path)
    if "lattice" not in s or "energy_per_site" not in s:
        raise BadInput("%s: not a vitvmc summary.json (no lattice/energy_per_site)" % path)
    lx, ly = s["lattice"]["lx"], s["lattice"]["ly"]
    p = _point(lx, ly, path, energy=s["energy_per_site"], energy_error=s.get("energy_per_site_error"),
               variance=s.get("variance"), v_score=s.get("v_score"), s_pi_pi=None,
               s_pi_pi_error=None, s_pi_0=None, s_pi_0_error=None)
    measure = Path(path).with_name("measure.json")
    if measure.is_file():
        m = _from_measure(_json_line(measure), lx, ly, measure)
        p.update({k: v for k, v in m.items() if v is not None and k not in ("source",)})
        p["source"] = "%s + %s" % (path, measure.name)
    return p


def _from_csv(path):
    rows = [l for l in Path(path).read_text().splitlines() if l.strip() and not l.startswith("#")]
    points = []
    for r in csv.DictReader(rows):
        def num(key):
            v = (r.get(key) or "").strip()
            return float(v) if v else None
        if num("lx") is None or num("energy_per_site") is None:
            raise BadInput("%s: needs columns lx, ly, energy_per_site" % path)
        points.append(_point(num("lx"), num("ly") or num("lx"), path, energy=num("energy_per_site"),
                             energy_error=num("energy_per_site_error"), variance=num("variance"),
                             v_score=num("v_score"), s_pi_pi=num("s_pi_pi"),
                             s_pi_pi_error=num("s_pi_pi_error"), s_pi_0=num("s_pi_0"),
                             s_pi_0_error=num("s_pi_0_error")))
    return points


def load(paths):
    points = []
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            if not (path / "summary.json").is_file():
                raise BadInput("%s: directory without summary.json" % arg)
            points.append(_from_summary(path / "summary.json"))
        elif not path.is_file():
            raise BadInput("%s: no such file or directory" % arg)
        elif path.suffix == ".csv":
            points.extend(_from_csv(path))
        else:
            d = _json_line(path)
            if "lattice" in d:
                points.append(_from_summary(path))
            elif "s_pi_pi" in d:
                lx, ly = d.get("lx"), d.get("ly")
                if lx is None:
                    beside = path.with_name("summary.json")
                    if not beside.is_file():
                        raise BadInput("%s: vmc_measure output without lx/ly and no summary.json "
                                       "beside it" % arg)
                    lattice = _json_line(beside)["lattice"]
                    lx, ly = lattice["lx"], lattice["ly"]
                points.append(_from_measure(d, lx, ly, path))
            else:
                raise BadInput("%s: neither summary.json nor vmc_measure output" % arg)
    if not points:
        raise BadInput("no input")
    return points


# -------------------------------------------------------------------------------------------- fit
def weighted_fit(x_columns, y, sigma):
    """Least squares y ~ A p with A = [1, x_columns...]. Returns a dict with p, cov, chi2, dof."""
    y = np.asarray(y, float)
    a = np.column_stack([np.ones_like(y)] + [np.asarray(c, float) for c in x_columns])
    n, k = a.shape
    if n < k:
        raise BadInput("%d point(s) for %d parameters: give more sizes (or drop --b4)" % (n, k))
    unweighted = sigma is None
    s = np.ones_like(y) if unweighted else np.asarray(sigma, float)
    if np.any(~np.isfinite(s)) or np.any(s <= 0):
        raise BadInput("error bars must be positive and finite")
    aw = a / s[:, None]
    yw = y / s
    cov = np.linalg.inv(aw.T @ aw)
    p = cov @ aw.T @ yw
    chi2 = float(np.sum((yw - aw @ p) ** 2))
    dof = n - k
    residual_rms = float(np.sqrt(np.mean((y - a @ p) ** 2)))
    if unweighted:  # the scatter is the only error estimate; chi^2 has no meaning
        cov = cov * (chi2 / dof if dof > 0 else float("nan"))
        chi2 = float("nan")
    return {"p": p, "cov": cov, "chi2": chi2, "dof": dof,
            "chi2_reduced": chi2 / dof if dof > 0 else float("nan"), "residual_rms": residual_rms,
            "errors_from_scatter": unweighted}


def _sigma_of(points, key):
    errs = [p.get(key) for p in points]
    if all(e is None for e in errs):
        return None
    if any(e is None or not e > 0 for e in errs):
        raise BadInput("some points have %s and some do not (or it is not > 0)" % key)
    return errs


def extrapolate(points, value, error, powers, name):
    """Fit value(N) = c0 + sum_k c_k N^(-power_k); leave-one-out on the intercept."""
    pts = [p for p in points if p.get(value) is not None]
    if not pts:
        return None
    xs = lambda ps: [[p["n"] ** -q for p in ps] for q in powers]
    f = weighted_fit(xs(pts), [p[value] for p in pts], _sigma_of(pts, error))
    loo = []
    for i in range(len(pts)):
        rest = pts[:i] + pts[i + 1:]
        if len(rest) <= len(powers) + (1 if _sigma_of(rest, error) is None else 0):
            continue  # too few to fit (and, unweighted, to estimate an error)
        g = weighted_fit(xs(rest), [p[value] for p in rest], _sigma_of(rest, error))
        loo.append({"left_out": "%dx%d" % (pts[i]["lx"], pts[i]["ly"]), "value": float(g["p"][0]),
                    "error": float(math.sqrt(g["cov"][0, 0]))})
    out = {"name": name, "powers_of_N": [-q for q in powers], "intercept": float(f["p"][0]),
           "intercept_error": float(math.sqrt(f["cov"][0, 0])),
           "coefficients": [float(c) for c in f["p"]], "covariance": f["cov"].tolist(),
           "chi2": f["chi2"], "dof": f["dof"], "chi2_reduced": f["chi2_reduced"],
           "residual_rms": f["residual_rms"], "errors_from_scatter": f["errors_from_scatter"], "points": len(pts),
           "leave_one_out": loo}
    if loo:
        out["leave_one_out_max_shift"] = max(abs(l["value"] - out["intercept"]) for l in loo)
    return out


def zero_variance(points, x_key):
    pts = [p for p in points if p.get(x_key) is not None]
    if len({(p["lx"], p["ly"]) for p in pts}) > 1:
        raise BadInput("--zero-variance: all runs must be on one lattice, got %s" %
                       sorted({"%dx%d" % (p["lx"], p["ly"]) for p in pts}))
    x = [p[x_key] / p["n"] if x_key == "variance" else p[x_key] for p in pts]
    f = weighted_fit([x], [p["energy"] for p in pts], _sigma_of(pts, "energy_error"))
    return {"e_zv": float(f["p"][0]), "e_zv_error": float(math.sqrt(f["cov"][0, 0])),
            "slope": float(f["p"][1]), "x": "variance/N" if x_key == "variance" else "v_score",
            "covariance": f["cov"].tolist(), "chi2_reduced": f["chi2_reduced"], "dof": f["dof"],
            "errors_from_scatter": f["errors_from_scatter"], "points": len(pts),
            "lattice": "%dx%d" % (pts[0]["lx"], pts[0]["ly"]), "_x": x}


# ----------------------------------------------------------------------------------------- output
def table(points, fits):
    lines = ["%-6s %8s %-22s %-22s %-22s" % ("L", "N", "E/N", "S(pi,pi)/N", "S(pi,0)/N")]
    def cell(p, v, e, per_site):
        if p.get(v) is None:
            return "-"
        s = p["n"] if per_site else 1
        return "%.6f" % (p[v] / s) + ("" if p.get(e) is None else " +- %.6f" % (p[e] / s))
    for p in sorted(points, key=lambda p: p["n"]):
        lines.append("%-6s %8d %-22s %-22s %-22s" % (
            "%dx%d" % (p["lx"], p["ly"]), p["n"], cell(p, "energy", "energy_error", False),
            cell(p, "s_pi_pi", "s_pi_pi_error", True), cell(p, "s_pi_0", "s_pi_0_error", True)))
    for f in fits:
        if f is None:
            continue
        terms = " + ".join("c%d N^%g" % (i + 1, q) for i, q in enumerate(f["powers_of_N"]))
        quality = ("residual rms %.2g (no error bars: errors from the scatter)" % f["residual_rms"]
                   if f["errors_from_scatter"] else "chi2/dof = %.3g" % f["chi2_reduced"])
        lines.append("%s(N) = c0 + %s: c0 = %.7f +- %.7f, %s, dof %d" % (
            f["name"], terms, f["intercept"], f["intercept_error"], quality, f["dof"]))
        for l in f["leave_one_out"]:
            lines.append("    without %-6s c0 = %.7f +- %.7f" % (l["left_out"], l["value"], l["error"]))
    return "\n".join(lines)


def plot(points, fits, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    panels = [(f, v) for f, v in zip(fits, ("energy", "s_pi_pi", "s_pi_0")) if f is not None]
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 4), squeeze=False)
    for ax, (f, v) in zip(axes[0], panels):
        q0 = -f["powers_of_N"][0]
        per_site = v != "energy"
        pts = [p for p in points if p.get(v) is not None]
        x = np.array([p["n"] ** -q0 for p in pts])
        y = np.array([p[v] / (p["n"] if per_site else 1) for p in pts])
        e = [(p.get(v + "_error") or 0) / (p["n"] if per_site else 1) for p in pts]
        ax.errorbar(x, y, yerr=e, fmt="o", label="data")
        grid_n = np.geomspace(max(p["n"] for p in pts) * 1e4, min(p["n"] for p in pts), 200)
        curve = f["coefficients"][0] + sum(c * grid_n ** q for c, q in
                                           zip(f["coefficients"][1:], f["powers_of_N"]))
        ax.plot(grid_n ** -q0, curve, "-", label="fit")
        ax.errorbar([0], [f["intercept"]], yerr=[f["intercept_error"]], fmt="s", color="red",
                    label="N -> inf: %.6f(%d)" % (f["intercept"],
                                                   round(f["intercept_error"] * 1e6)))
        ax.set_xlabel("N^(-%g)" % q0 + (" = 1/L^3" if q0 == 1.5 else " = 1/L"))
        ax.set_ylabel(f["name"])
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def _finite(o):
    """JSON-safe copy: NaN/inf -> None, numpy scalars -> float."""
    if isinstance(o, dict):
        return {k: _finite(v) for k, v in o.items() if not k.startswith("_")}
    if isinstance(o, list):
        return [_finite(v) for v in o]
    if isinstance(o, (float, np.floating)):
        return float(o) if math.isfinite(o) else None
    return o


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR")
    ap.add_argument("--json", action="store_true", help="print one JSON line")
    ap.add_argument("--b4", action="store_true", help="add the b N^-2 (b/L^4) term to the energy fit")
    ap.add_argument("--lmin", type=float, default=0, help="drop lattices with sqrt(N) < LMIN")
    ap.add_argument("--plot", default="extrapolation.png", help="plot file (default %(default)s)")
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--zero-variance", nargs="?", const="variance", choices=("variance", "v_score"),
                    help="fit E/N against variance/N (or the V-score) at fixed L")
    args = ap.parse_args(argv)
    try:
        points = [p for p in load(args.inputs) if math.sqrt(p["n"]) >= args.lmin]
        if args.zero_variance:
            r = zero_variance(points, args.zero_variance)
            if args.json:
                print(json.dumps(_finite(r)))
            else:
                print("zero-variance fit on %s: E/N = e_zv + c %s over %d runs: e_zv = %.7f +- %.7f,"
                      " slope %.5g, chi2/dof %.3g" % (r["lattice"], r["x"], r["points"], r["e_zv"],
                                                     r["e_zv_error"], r["slope"], r["chi2_reduced"]))
            if not args.no_plot:
                plot_zero_variance(points, r, args.plot)
            return 0
        energy_powers = (1.5, 2.0) if args.b4 else (1.5,)
        fits = [extrapolate(points, "energy", "energy_error", energy_powers, "E/N"),
                extrapolate(_per_site(points, "s_pi_pi"), "s_pi_pi", "s_pi_pi_error", (0.5,),
                            "S(pi,pi)/N"),
                extrapolate(_per_site(points, "s_pi_0"), "s_pi_0", "s_pi_0_error", (0.5,),
                            "S(pi,0)/N")]
    except BadInput as e:
        print("extrapolate.py: error: %s" % e, file=sys.stderr)
        return EXIT_BAD_INPUT
    e = fits[0]
    if not args.no_plot:
        plot(points, fits, args.plot)
    if args.json:
        out = {"e_inf": e["intercept"], "e_inf_error": e["intercept_error"], "energy_fit": e,
               "s_pi_pi_fit": fits[1], "s_pi_0_fit": fits[2],
               "points": sorted(points, key=lambda p: p["n"]),
               "plot": None if args.no_plot else args.plot}
        print(json.dumps(_finite(out)))
    else:
        print(table(points, fits))
        if not args.no_plot:
            print("plot: %s" % args.plot)
    return 0


def _per_site(points, key):
    """Copies with S(q) and its error divided by N (the fitted quantity)."""
    out = []
    for p in points:
        q = dict(p)
        for k in (key, key + "_error"):
            if q.get(k) is not None:
                q[k] = q[k] / q["n"]
        out.append(q)
    return out


def plot_zero_variance(points, r, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    pts = [p for p in points if p.get("energy") is not None]
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.errorbar(r["_x"], [p["energy"] for p in pts], yerr=[p.get("energy_error") or 0 for p in pts],
                fmt="o", label="runs")
    xs = np.linspace(0, max(r["_x"]), 50)
    ax.plot(xs, r["e_zv"] + r["slope"] * xs, "-", label="linear fit")
    ax.errorbar([0], [r["e_zv"]], yerr=[r["e_zv_error"]], fmt="s", color="red",
                label="zero variance: %.6f" % r["e_zv"])
    ax.set_xlabel(r["x"])
    ax.set_ylabel("E/N")
    ax.set_title(r["lattice"])
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
