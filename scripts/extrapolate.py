#!/usr/bin/env python3
"""Finite-size extrapolation of vitvmc runs to the thermodynamic limit, under the protocol of
docs/extrapolation.md ("The extrapolation protocol (fixed before the data)").

  scripts/extrapolate.py FILE_OR_DIR... [--json] [--reference E [--reference-error S]]
                         [--plot FILE | --no-plot]  [--lmin L] [--leading-only]
  scripts/extrapolate.py FILE_OR_DIR... --zero-variance [variance|v_score] [--json]

Inputs, any mix of:
  * summary.json of a vmc_dist run, or a run directory holding one (and optionally measure.json,
    the line vmc_measure --json prints: its energy, S(pi,pi) and S(pi,0) then replace the run's);
  * a vmc_measure --json output file (needs "lx"/"ly" in it or a summary.json beside it);
  * a CSV table with a header line: lx,ly,energy_per_site[,energy_per_site_error[,...]] and '#'
    comment lines (published data, see tests/scripts/data/).

The protocol (the default; --lmin and --leading-only depart from it, and the output says so):
  sizes with sqrt(N) >= 6;  E/N = e_inf + a/L^3 + b/L^4;  S(q)/N = m2 + c/L + d/L^2 (L = sqrt(N));
  weighted least squares (weights 1/sigma^2; without error bars unit weights and the scatter as
  the error); errors times S = sqrt(chi^2/dof) when S > 1; plus, in quadrature, the shift of the
  intercept when the smallest size is dropped; refused (no value) for too few sizes, p < 0.01, or
  m2 < 0. --reference compares e_inf with a known value: agreement when within 2 combined sigma.

--zero-variance fits E/N = e_zv + c x over runs on one lattice, x = variance/N (variance of the
total energy per site) or the V-score, and reports e_zv at x = 0 (rules 3, 4, 6a, 6b).

--json prints one line starting with '{': e_inf, e_inf_error, chi2_dof, protocol, energy_fit,
s_pi_pi_fit, s_pi_0_fit, points (e_zv, e_zv_error, ... in --zero-variance mode). Exit codes:
0 result, 2 bad input (the message names the argument), 3 the energy fit refused by the protocol
(the reason is printed; JSON e_inf is null).
"""
import argparse
import csv
import json
import math
import sys
from pathlib import Path

import numpy as np

from vitvmc_tools import protocol
from vitvmc_tools.errors import ToolInputError
from vitvmc_tools.json_files import read_json
from vitvmc_tools.summary import energy_error, is_summary, lattice_sides

EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3
BadInput = ToolInputError  # the name the tests and older callers use


# ------------------------------------------------------------------------------------------ input
def _point(lx, ly, source, **values):
    p = {"lx": int(lx), "ly": int(ly), "n": int(lx) * int(ly), "source": str(source)}
    p.update({k: (None if v is None else float(v)) for k, v in values.items()})
    return p


def _from_measure(m, lx, ly, source):
    return _point(lx, ly, source, energy=m.get("energy_per_site"), energy_error=energy_error(m),
                  variance=m.get("variance"), v_score=m.get("v_score"),
                  s_pi_pi=m.get("s_pi_pi"), s_pi_pi_error=m.get("s_pi_pi_error"),
                  s_pi_0=m.get("s_pi_0"), s_pi_0_error=m.get("s_pi_0_error"))


def _from_summary(path):
    s = read_json(path)
    if not is_summary(s):
        raise BadInput("%s: not a vitvmc summary.json (no lattice/energy_per_site)" % path)
    lx, ly = lattice_sides(s)
    p = _point(lx, ly, path, energy=s["energy_per_site"], energy_error=energy_error(s),
               variance=s.get("variance"), v_score=s.get("v_score"), s_pi_pi=None,
               s_pi_pi_error=None, s_pi_0=None, s_pi_0_error=None)
    measure = Path(path).with_name("measure.json")
    if measure.is_file():
        m = _from_measure(read_json(measure), lx, ly, measure)
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


def _from_file(path, arg):
    if path.suffix == ".csv":
        return _from_csv(path)
    d = read_json(path)
    if "lattice" in d:
        return [_from_summary(path)]
    if "s_pi_pi" not in d:
        raise BadInput("%s: neither summary.json nor vmc_measure output" % arg)
    lx, ly = d.get("lx"), d.get("ly")
    if lx is None:
        beside = path.with_name("summary.json")
        if not beside.is_file():
            raise BadInput("%s: vmc_measure output without lx/ly and no summary.json beside it" % arg)
        lx, ly = lattice_sides(read_json(beside))
    return [_from_measure(d, lx, ly, path)]


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
        else:
            points.extend(_from_file(path, arg))
    if not points:
        raise BadInput("no input")
    return points


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


# -------------------------------------------------------------------------------------------- fit
def extrapolate(points, value, error, powers, name, nonnegative=False):
    """One size fit under the protocol (the points are used as given: cut them to L_min first)."""
    return protocol.size_fit(points, value, error, powers, name, nonnegative)


def all_fits(points, leading_only):
    energy_powers = protocol.ENERGY_POWERS[:1] if leading_only else protocol.ENERGY_POWERS
    order_powers = protocol.ORDER_POWERS[:1] if leading_only else protocol.ORDER_POWERS
    return [extrapolate(points, "energy", "energy_error", energy_powers, "E/N"),
            extrapolate(_per_site(points, "s_pi_pi"), "s_pi_pi", "s_pi_pi_error", order_powers,
                        "S(pi,pi)/N", nonnegative=True),
            extrapolate(_per_site(points, "s_pi_0"), "s_pi_0", "s_pi_0_error", order_powers,
                        "S(pi,0)/N", nonnegative=True)]


def zero_variance(points, x_key):
    pts = [p for p in points if p.get(x_key) is not None]
    if len({(p["lx"], p["ly"]) for p in pts}) > 1:
        raise BadInput("--zero-variance: all runs must be on one lattice, got %s" %
                       sorted({"%dx%d" % (p["lx"], p["ly"]) for p in pts}))
    x = [p[x_key] / p["n"] if x_key == "variance" else p[x_key] for p in pts]
    f = protocol.line_fit(x, [p["energy"] for p in pts], protocol._sigma(pts, "energy_error"))
    out = {"x": "variance/N" if x_key == "variance" else "v_score", "points": len(pts),
           "lattice": "%dx%d" % (pts[0]["lx"], pts[0]["ly"]), "_x": x, "refused": f["refused"],
           "dof": f["dof"], "e_zv": None, "e_zv_error": None, "slope": None, "covariance": None,
           "chi2_reduced": f["chi2_reduced"], "chi2_dof": f["chi2_reduced"],
           "p_value": f["p_value"], "scale_factor": f["scale_factor"],
           "errors_from_scatter": f["errors_from_scatter"]}
    if "p" in f:
        out.update({"slope": float(f["p"][1]), "covariance": f["cov"].tolist(),
                    "_line": (float(f["p"][0]), float(f["p"][1]))})
        if not f["refused"]:
            out["e_zv"], out["e_zv_error"] = float(f["p"][0]), float(math.sqrt(f["cov"][0, 0]))
        else:
            out["rejected"] = {"e_zv": float(f["p"][0]), "e_zv_error": math.sqrt(f["cov"][0, 0])}
    return out


# ----------------------------------------------------------------------------------------- output
def _fit_line(f):
    terms = " + ".join("c%d N^%g" % (i + 1, q) for i, q in enumerate(f["powers_of_N"]))
    head = "%s(N) = c0 + %s over L = %s" % (f["name"], terms, " ".join(map(str, f["sizes"])))
    if f["coefficients"] is None:
        return ["%s: REFUSED: %s" % (head, f["refused"])]
    quality = ("residual rms %.2g (no error bars: errors from the scatter)" % f["residual_rms"]
               if f["errors_from_scatter"] else "chi2/dof = %.3g, p = %.2g" % (f["chi2_reduced"],
                                                                             f["p_value"]))
    errors = "stat %.2g x S %.3g, window %s" % (
        f["intercept_error_statistical"], f["scale_factor"],
        "%.2g" % f["window_error"] if f["window_error"] is not None else "not estimated")
    if f["refused"]:
        r = f["rejected"]
        lines = ["%s: REFUSED: %s" % (head, f["refused"]),
                 "    (the rejected fit, for the record: c0 = %.7f +- %.7f; %s; %s, dof %d)" % (
                     r["intercept"], r["intercept_error"], errors, quality, f["dof"])]
        if f.get("bound_fit"):
            b = f["bound_fit"]
            lines.append("    at the physical bound c0 = 0: chi2/dof = %s, dof %d" % (
                "%.3g" % b["chi2_reduced"] if math.isfinite(b["chi2_reduced"]) else "-", b["dof"]))
    else:
        lines = ["%s: c0 = %.7f +- %.7f (%s); %s, dof %d" % (
            head, f["intercept"], f["intercept_error"], errors, quality, f["dof"])]
    lines += ["    warning: " + w for w in f["warnings"]]
    for l in f["leave_one_out"]:
        lines.append("    without %-6s c0 = %.7f +- %.7f" % (l["left_out"], l["value"], l["error"]))
    return lines


def table(points, fits, proto, reference=None, dropped=()):
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
    if dropped:
        lines.append("not fitted (sqrt(N) < lmin): %s" % " ".join(dropped))
    lines.append("protocol %s (%s): %s" % (
        proto["name"], proto["doc"], "followed" if proto["followed"] else
        "NOT followed (exploration): " + "; ".join(proto["deviations"])))
    for f in fits:
        if f is not None:
            lines += _fit_line(f)
    if reference:
        lines.append("against %.7f +- %.7f: %.2f combined sigma: %s (k = %g)" % (
            reference["reference"], reference["reference_error"], reference["z"],
            "agrees" if reference["agrees"] else "DISAGREES", reference["k"]))
    return "\n".join(lines)


def _curve(f, grid_n):
    c = f["coefficients"]
    return c[0] + sum(ck * grid_n ** q for ck, q in zip(c[1:], f["powers_of_N"]))


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
        if f["coefficients"] is not None:
            grid_n = np.geomspace(max(p["n"] for p in pts) * 1e4, min(p["n"] for p in pts), 200)
            ax.plot(grid_n ** -q0, _curve(f, grid_n), "--" if f["refused"] else "-",
                    label="fit (refused)" if f["refused"] else "fit")
        if f["intercept"] is not None:
            ax.errorbar([0], [f["intercept"]], yerr=[f["intercept_error"]], fmt="s", color="red",
                        label="N -> inf: %.6f(%d)" % (f["intercept"],
                                                       round(f["intercept_error"] * 1e6)))
        ax.set_title("refused: " + f["refused"][:60] if f["refused"] else "", fontsize=7)
        ax.set_xlabel("N^(-%g)" % q0 + (" = 1/L^3" if q0 == 1.5 else " = 1/L"))
        ax.set_ylabel(f["name"])
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def plot_zero_variance(points, r, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    pts = [p for p in points if p.get("energy") is not None]
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.errorbar(r["_x"], [p["energy"] for p in pts], yerr=[p.get("energy_error") or 0 for p in pts],
                fmt="o", label="runs")
    if "_line" in r:
        xs = np.linspace(0, max(r["_x"]), 50)
        ax.plot(xs, r["_line"][0] + r["_line"][1] * xs, "--" if r["refused"] else "-",
                label="linear fit" + (" (refused)" if r["refused"] else ""))
    if r["e_zv"] is not None:
        ax.errorbar([0], [r["e_zv"]], yerr=[r["e_zv_error"]], fmt="s", color="red",
                    label="zero variance: %.6f" % r["e_zv"])
    ax.set_xlabel(r["x"])
    ax.set_ylabel("E/N")
    ax.set_title(r["lattice"])
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def _finite(o):
    """JSON-safe copy: NaN/inf -> None, numpy scalars -> float, private keys ('_') dropped."""
    if isinstance(o, dict):
        return {k: _finite(v) for k, v in o.items() if not k.startswith("_")}
    if isinstance(o, (list, tuple)):
        return [_finite(v) for v in o]
    if isinstance(o, (float, np.floating)):
        return float(o) if math.isfinite(o) else None
    return o


# ------------------------------------------------------------------------------------------- main
def _zero_variance_main(points, args):
    r = zero_variance(points, args.zero_variance)
    r["protocol"] = protocol.description(protocol.L_MIN, False)
    if args.json:
        print(json.dumps(_finite(r)))
    elif r["refused"]:
        print("zero-variance fit on %s over %d runs: REFUSED: %s" % (r["lattice"], r["points"],
                                                                       r["refused"]))
    else:
        print("zero-variance fit on %s: E/N = e_zv + c %s over %d runs: e_zv = %.7f +- %.7f,"
              " slope %.5g, chi2/dof %.3g (errors x %.3g)" % (
                  r["lattice"], r["x"], r["points"], r["e_zv"], r["e_zv_error"], r["slope"],
                  r["chi2_reduced"], r["scale_factor"]))
    if not args.no_plot:
        plot_zero_variance(points, r, args.plot)
    if r["refused"]:
        print("extrapolate.py: refused: %s" % r["refused"], file=sys.stderr)
        return EXIT_REFUSED
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR")
    ap.add_argument("--json", action="store_true", help="print one JSON line")
    ap.add_argument("--b4", action="store_true",
                    help="accepted for old command lines: the b/L^4 term is part of the protocol")
    ap.add_argument("--leading-only", action="store_true",
                    help="exploration: fit a/L^3 (and c/L) only, not the protocol's forms")
    ap.add_argument("--lmin", type=float, default=protocol.L_MIN,
                    help="drop lattices with sqrt(N) < LMIN (protocol: %(default)s)")
    ap.add_argument("--reference", type=float, help="known e_inf to compare with (rule 7)")
    ap.add_argument("--reference-error", type=float, default=0.0)
    ap.add_argument("--plot", default="extrapolation.png", help="plot file (default %(default)s)")
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--zero-variance", nargs="?", const="variance", choices=("variance", "v_score"),
                    help="fit E/N against variance/N (or the V-score) at fixed L")
    args = ap.parse_args(argv)
    try:
        loaded = load(args.inputs)
        if args.zero_variance:
            return _zero_variance_main(loaded, args)
        points = [p for p in loaded if math.sqrt(p["n"]) >= args.lmin]
        dropped = ["%dx%d" % (p["lx"], p["ly"]) for p in loaded if p not in points]
        proto = protocol.description(args.lmin, args.leading_only)
        fits = all_fits(points, args.leading_only) if points else [None, None, None]
        if fits[0] is None:
            raise BadInput("no lattice with sqrt(N) >= %g among the inputs" % args.lmin)
    except BadInput as e:
        print("extrapolate.py: error: %s" % e, file=sys.stderr)
        return EXIT_BAD_INPUT
    e = fits[0]
    proto["refused"] = e["refused"]
    reference = None
    if args.reference is not None and e["intercept"] is not None:
        reference = protocol.agreement(e["intercept"], e["intercept_error"], args.reference,
                                       args.reference_error)
    if not args.no_plot:
        plot(points, fits, args.plot)
    if args.json:
        out = {"e_inf": e["intercept"], "e_inf_error": e["intercept_error"],
               "chi2_dof": e.get("chi2_reduced"), "protocol": proto, "energy_fit": e,
               "s_pi_pi_fit": fits[1], "s_pi_0_fit": fits[2], "reference": reference,
               "points": sorted(points, key=lambda p: p["n"]), "not_fitted": dropped,
               "plot": None if args.no_plot else args.plot}
        print(json.dumps(_finite(out)))
    else:
        print(table(points, fits, proto, reference, dropped))
        if not args.no_plot:
            print("plot: %s" % args.plot)
    if e["refused"]:
        print("extrapolate.py: refused: %s" % e["refused"], file=sys.stderr)
        return EXIT_REFUSED
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
