#!/usr/bin/env python3
"""Checks of scripts/extrapolate.py and the protocol it applies (docs/extrapolation.md) against
numbers nobody here produced (published QMC energies), synthetic data with a known limit, and the
rules one by one. Usage: test_extrapolate.py CASE WORKDIR."""
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SCRIPT = HERE.parents[1] / "scripts" / "extrapolate.py"
sys.path.insert(0, str(SCRIPT.parent))
import extrapolate  # noqa: E402
from vitvmc_tools import protocol  # noqa: E402
from cases import run_case  # noqa: E402

PUBLISHED_E_INF, PUBLISHED_ERROR = -0.669437, 0.000005  # Sandvik, PRB 56, 11678 (1997), abstract
QMC = HERE / "data" / "heisenberg_square_j2_0_qmc.csv"
CAMPAIGN = HERE / "data" / "heisenberg_small_campaign.csv"


def run(*args, code=0):
    r = subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)
    assert r.returncode == code, "exit %d (expected %d): %s %s" % (r.returncode, code, r.stdout, r.stderr)
    return r


def json_line(r):
    lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    assert len(lines) == 1, r.stdout
    return json.loads(lines[0])


def points(sides, energy, sigma=None):
    return [{"lx": lx, "ly": ly, "n": lx * ly, "energy_error": sigma, "energy": energy(lx * ly)}
            for lx, ly in sides]


def published_qmc(work):
    """The protocol's default fit of the tabulated QMC energies (L >= 6, a/L^3 + b/L^4, errors from
    the scatter plus the window error), compared with the published limit by rule 7: within
    k = 2 combined sigma. Whatever z is, it is printed. The plot is written."""
    png = work / "qmc.png"
    out = json_line(run(QMC, "--json", "--plot", png, "--reference", PUBLISHED_E_INF,
                        "--reference-error", PUBLISHED_ERROR))
    f, ref = out["energy_fit"], out["reference"]
    print("e_inf = %.7f +- %.7f (stat %.2g, window %.2g), published %.6f(5): z = %.2f" % (
        out["e_inf"], out["e_inf_error"], f["intercept_error_statistical"], f["window_error"],
        PUBLISHED_E_INF, ref["z"]))
    assert out["protocol"]["followed"] and out["protocol"]["name"] == protocol.NAME
    assert f["sizes"] == [6, 8, 10, 12, 14, 16] and out["not_fitted"] == ["4x4"]
    assert f["errors_from_scatter"] and out["chi2_dof"] is None  # no error bars: no chi^2
    assert f["window_error"] is not None  # the error bar is complete
    assert abs(ref["z"] - abs(out["e_inf"] - PUBLISHED_E_INF) /
               math.hypot(out["e_inf_error"], PUBLISHED_ERROR)) < 1e-12
    assert ref["k"] == protocol.K_AGREEMENT == 2
    assert ref["agrees"], "the protocol's fit misses the published limit: z = %.2f" % ref["z"]
    assert out["e_inf_error"] < 5e-5  # a real constraint (1e-4 relative), not a huge error bar
    assert png.stat().st_size > 1000


def synthetic(work):
    """Seeded Gaussian noise on E/N = e_inf + a N^-3/2 + b N^-2 (squares and rectangles): the
    statistical errors are honest (about 68 % of 400 replicas within S sigma_stat), chi^2/dof
    averages ~1, and the window error only widens the bar (coverage of the total >= that)."""
    e_inf, a, b, sigma = -0.6700, -2.0, 1.5, 2e-5
    sides = [(6, 6), (6, 8), (8, 8), (10, 10), (12, 12), (14, 14), (16, 16)]
    rng = np.random.default_rng(12345)
    inside_stat = inside_total = 0
    chi2 = []
    for _ in range(400):
        pts = points(sides, lambda n: e_inf + a * n ** -1.5 + b * n ** -2 +
                     sigma * rng.standard_normal(), sigma)
        f = extrapolate.extrapolate(pts, "energy", "energy_error", (1.5, 2.0), "E/N")
        if f["refused"]:  # p < 0.01 happens to 1 % of honest fits
            continue
        d = abs(f["intercept"] - e_inf)
        inside_stat += d < f["intercept_error_statistical"] * f["scale_factor"]
        inside_total += d < f["intercept_error"]
        chi2.append(f["chi2_reduced"])
    n = len(chi2)
    print("%d fits accepted; within S sigma_stat: %.3f, within the total: %.3f, mean chi2/dof %.3f"
          % (n, inside_stat / n, inside_total / n, np.mean(chi2)))
    assert n >= 390
    assert 0.60 < inside_stat / n < 0.80 and inside_total >= inside_stat
    assert 0.85 < np.mean(chi2) < 1.15
    # The leading-order-only fit of the same noiseless curve is biased; chi^2 says so and the
    # protocol refuses it (p < 0.01), keeping the rejected numbers for the record.
    pts = points(sides, lambda n: e_inf + a * n ** -1.5 + b * n ** -2, sigma)
    f = extrapolate.extrapolate(pts, "energy", "energy_error", (1.5,), "E/N")
    assert f["chi2_reduced"] > 3 and f["p_value"] < 0.01 and "does not describe" in f["refused"]
    assert f["intercept"] is None and abs(f["rejected"]["intercept"] - e_inf) > 3 * sigma


def protocol_rules(work):
    """Each rule on data whose answer is known by hand."""
    sides = [(6, 6), (8, 8), (10, 10), (12, 12), (14, 14)]
    curve = lambda n: -0.67 - 2 * n ** -1.5 + 1.5 * n ** -2
    # Rule 4: residuals +-1.2 sigma around the curve give chi^2/dof = 2.4 (p = 0.09, accepted):
    # the reported error is S = sqrt(2.4) times the plain one.
    noisy = points(sides, curve, 1e-5)
    for k, p in enumerate(noisy):
        p["energy"] += 1.2e-5 * (-1) ** k
    f = extrapolate.extrapolate(noisy, "energy", "energy_error", (1.5, 2.0), "E/N")
    assert abs(f["scale_factor"] - math.sqrt(f["chi2_reduced"])) < 1e-12 and f["scale_factor"] > 1.5
    assert not f["refused"] and 0.01 < f["p_value"] < 0.2
    plain = np.linalg.inv(np.column_stack([np.ones(5)] + [[p["n"] ** -q for p in noisy]
                                                           for q in (1.5, 2.0)]).T @
                          np.column_stack([np.ones(5)] + [[p["n"] ** -q for p in noisy]
                                                           for q in (1.5, 2.0)]) / 1e-10)
    assert abs(f["intercept_error_statistical"] - math.sqrt(plain[0, 0])) < 1e-15
    # Rule 5: the window error is the shift when the smallest size is dropped, in quadrature.
    g = extrapolate.extrapolate(noisy[1:], "energy", "energy_error", (1.5, 2.0), "E/N")
    assert abs(f["window_error"] - abs(g["intercept"] - f["intercept"])) < 1e-15
    assert abs(f["intercept_error"] - math.hypot(f["scale_factor"] *
                                                 f["intercept_error_statistical"],
                                                 f["window_error"])) < 1e-15
    # chi^2/dof < 1 never shrinks an error.
    exact = points(sides, curve, 1e-5)
    assert extrapolate.extrapolate(exact, "energy", "energy_error", (1.5, 2.0), "E/N")[
        "scale_factor"] == 1.0
    # Rule 5, too few sizes for the window fit: a result, flagged incomplete.
    f = extrapolate.extrapolate(exact[:4], "energy", "energy_error", (1.5, 2.0), "E/N")
    assert f["intercept"] is not None and f["window_error"] is None and f["warnings"]
    # Rule 6a: dof >= 1 with error bars, >= 2 without.
    assert extrapolate.extrapolate(exact[:3], "energy", "energy_error", (1.5, 2.0), "E/N")["refused"]
    bare = points(sides, curve)
    assert "dof >= 2" in extrapolate.extrapolate(bare[:4], "energy", "energy_error", (1.5, 2.0),
                                                 "E/N")["refused"]
    assert not extrapolate.extrapolate(bare, "energy", "energy_error", (1.5, 2.0), "E/N")["refused"]
    # Rule 6c: m2 < 0 is refused with the reason; m2 >= 0 is kept; the bound fit is reported.
    order = lambda m2: [{"lx": L, "ly": L, "n": L * L, "s": m2 + 0.3 / L, "s_error": 1e-3}
                        for L in (6, 8, 10, 12, 14)]
    f = extrapolate.extrapolate(order(-0.01), "s", "s_error", (0.5,), "m2", nonnegative=True)
    assert f["intercept"] is None and "unphysical" in f["refused"] and f["bound_fit"]["dof"] == 4
    assert abs(f["rejected"]["intercept"] + 0.01) < 1e-12
    f = extrapolate.extrapolate(order(0.01), "s", "s_error", (0.5,), "m2", nonnegative=True)
    assert abs(f["intercept"] - 0.01) < 1e-12 and not f["refused"]
    # Rule 7 and the exploration flag.
    r = protocol.agreement(-0.6694, 3e-5, -0.66944, 4e-5)
    assert abs(r["z"] - 0.8) < 1e-9 and r["agrees"] and not protocol.agreement(0, 1, 3, 1)["agrees"]
    assert protocol.description(6, False)["followed"]
    d = protocol.description(8, True)
    assert not d["followed"] and len(d["deviations"]) == 2
    out = json_line(run(QMC, "--lmin", 8, "--json", "--no-plot"))
    assert not out["protocol"]["followed"] and "lmin 8" in out["protocol"]["deviations"][0]
    assert "NOT followed" in run(QMC, "--leading-only", "--no-plot").stdout


def vmc_campaign(work):
    """The committed 4x4 -> 6x6 -> 8x8 campaign (values of docs/extrapolation.md): the protocol
    refuses it (2 sizes >= 6 for 3 parameters, exit 3, e_inf null); the exploratory a/L^3 fit over
    all three reproduces the documented -0.66492(23), chi^2/dof 10.7, and is refused by rule 6b,
    with the error it would have had inflated by S = sqrt(10.7); S(pi,pi)/N < 0 is refused."""
    r = run(CAMPAIGN, "--json", "--no-plot", code=3)
    out = json_line(r)
    assert out["e_inf"] is None and out["protocol"]["refused"] and "refused" in r.stderr
    assert out["energy_fit"]["coefficients"] is None and out["energy_fit"]["dof"] == -1
    assert out["chi2_dof"] is None and out["energy_fit"]["leave_one_out"] == []
    out = json_line(run(CAMPAIGN, "--lmin", 4, "--leading-only", "--json", "--no-plot", code=3))
    f = out["energy_fit"]
    assert abs(f["rejected"]["intercept"] + 0.66492) < 1e-5 and abs(f["chi2_reduced"] - 10.7) < 0.05
    assert abs(f["intercept_error_statistical"] - 0.00023) < 1e-5
    assert abs(f["rejected"]["intercept_error"] - f["intercept_error_statistical"] *
               math.sqrt(f["chi2_reduced"])) < 1e-12
    assert f["p_value"] < 0.01 and "does not describe" in f["refused"]
    assert out["s_pi_pi_fit"]["intercept"] is None and "unphysical" in out["s_pi_pi_fit"]["refused"]


def run_directories(work):
    """Run directories (summary.json + measure.json) and a bare vmc_measure line: exact data
    S(pi,pi)/N = 0.09 + 0.3/L - 0.2/L^2 and E/N = -0.67 - 2/L^3 + 1/L^4 come back exactly; JSON
    is one '{' line; the old (error_per_site) and new (energy_per_site_error) names both read."""
    for k, L in enumerate((6, 8, 10, 12, 14)):
        d = work / ("run%d" % L)
        d.mkdir(parents=True, exist_ok=True)
        n = L * L
        (d / "summary.json").write_text(json.dumps({
            "energy_per_site": -0.5, "energy_per_site_error": 1e-4, "variance": 1.0, "v_score": 0.1,
            "lattice": {"lx": L, "ly": L, "j1": 1, "j2": 0}}))
        error_key = "error_per_site" if k % 2 else "energy_per_site_error"
        (d / "measure.json").write_text("vmc_measure: text report\n" + json.dumps({
            "energy_per_site": -0.67 - 2.0 / L ** 3 + 1.0 / L ** 4, error_key: 1e-4,
            "variance": 1.0, "v_score": 0.1, "s_pi_pi": n * (0.09 + 0.3 / L - 0.2 / L ** 2),
            "s_pi_pi_error": 0.01, "s_pi_0": n * (0.01 + 0.25 / L), "s_pi_0_error": 0.01}) + "\n")
    runs = [work / ("run%d" % L) for L in (6, 8, 10, 12, 14)]
    out = json_line(run(*runs, "--json", "--no-plot"))
    assert abs(out["e_inf"] + 0.67) < 1e-10, out["e_inf"]
    assert abs(out["s_pi_pi_fit"]["intercept"] - 0.09) < 1e-10
    assert abs(out["s_pi_0_fit"]["intercept"] - 0.01) < 1e-10
    assert abs(out["energy_fit"]["chi2"]) < 1e-10 and out["chi2_dof"] < 1e-10
    assert all(p["energy_error"] == 1e-4 for p in out["points"])
    # A vmc_measure line on its own takes its lattice from the summary.json beside it.
    bare = work / "run8" / "measure.json"
    out = json_line(run(bare, *runs[2:], work / "run6" / "summary.json", "--json", "--no-plot"))
    assert [p["lx"] for p in out["points"]] == [6, 8, 10, 12, 14]
    text = run(*runs, "--plot", work / "runs.png").stdout
    assert "S(pi,pi)/N" in text and (work / "runs.png").is_file()


def zero_variance(work):
    """E/N = e0 + c variance/N with seeded noise at fixed L: the fit returns e0 within 3 sigma;
    mixing lattices is refused; a curved series is refused by p < 0.01."""
    rng = np.random.default_rng(7)
    e0, c, sigma = -0.6785, -0.02, 5e-5

    def write(prefix, energies):
        for k, (var_per_site, e) in enumerate(energies):
            d = work / ("%s%d" % (prefix, k))
            d.mkdir(parents=True, exist_ok=True)
            (d / "summary.json").write_text(json.dumps({
                "energy_per_site": e, "energy_per_site_error": sigma,
                "variance": var_per_site * 36, "v_score": 1.0,
                "lattice": {"lx": 6, "ly": 6, "j1": 1, "j2": 0}}))
        return sorted(p for p in work.glob(prefix + "*") if p.is_dir())
    xs = (0.02, 0.04, 0.06, 0.1, 0.15)
    runs = write("zv", [(x, e0 + c * x + sigma * rng.standard_normal()) for x in xs])
    out = json_line(run(*runs, "--zero-variance", "--json", "--plot", work / "zv.png"))
    print("e_zv = %.6f +- %.6f (true %.6f)" % (out["e_zv"], out["e_zv_error"], e0))
    assert abs(out["e_zv"] - e0) < 3 * out["e_zv_error"]
    assert out["e_zv_error"] < 2e-4 and out["scale_factor"] >= 1 and out["protocol"]["name"]
    d = work / "other"
    d.mkdir(exist_ok=True)
    (d / "summary.json").write_text(json.dumps({"energy_per_site": -0.6, "energy_per_site_error": 1e-4,
                                                "variance": 1, "v_score": 1,
                                                "lattice": {"lx": 8, "ly": 8}}))
    r = run(*runs, d, "--zero-variance", code=2)
    assert "one lattice" in r.stderr, r.stderr
    curved = write("zc", [(x, e0 + 5 * x * x) for x in xs])
    r = run(*curved, "--zero-variance", "--no-plot", code=3)
    assert "REFUSED" in r.stdout and "not linear" in r.stderr


def bad_input(work):
    """Missing inputs, a directory without summary.json, and nothing left after --lmin exit 2;
    too few sizes for the form is a refusal (exit 3) naming the parameters."""
    assert "no such file" in run(work / "nope.json", code=2).stderr
    (work / "image.png").write_bytes(b"\x89PNG\r\n")
    assert "cannot read as text" in run(work / "image.png", code=2).stderr
    (work / "empty").mkdir(parents=True, exist_ok=True)
    assert "without summary.json" in run(work / "empty", code=2).stderr
    assert "sqrt(N) >= 20" in run(QMC, "--lmin", 20, "--no-plot", code=2).stderr
    r = run(QMC, "--lmin", 14, "--no-plot", code=3)
    assert "parameters" in r.stderr, r.stderr


if __name__ == "__main__":
    run_case(globals(), "")
