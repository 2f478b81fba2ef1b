#!/usr/bin/env python3
"""Checks of scripts/extrapolate.py against numbers nobody here produced (published QMC energies)
and against synthetic data with a known limit. Usage: test_extrapolate.py CASE WORKDIR."""
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SCRIPT = HERE.parents[1] / "scripts" / "extrapolate.py"
sys.path.insert(0, str(SCRIPT.parent))
import extrapolate  # noqa: E402

PUBLISHED_E_INF, PUBLISHED_ERROR = -0.669437, 0.000005  # Sandvik, PRB 56, 11678 (1997), abstract


def run(*args, code=0):
    r = subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)
    assert r.returncode == code, "exit %d (expected %d): %s %s" % (r.returncode, code, r.stdout, r.stderr)
    return r


def json_line(r):
    lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    assert len(lines) == 1, r.stdout
    return json.loads(lines[0])


def published_qmc(work):
    """The documented fit (L >= 8, a/L^3 + b/L^4, errors from the scatter) of the tabulated QMC
    energies reaches the published limit within the combined error; the plot is written."""
    png = work / "qmc.png"
    out = json_line(run(HERE / "data" / "heisenberg_square_j2_0_qmc.csv", "--lmin", 8, "--b4",
                        "--json", "--plot", png))
    combined = math.hypot(out["e_inf_error"], PUBLISHED_ERROR)
    print("e_inf = %.7f +- %.7f, published %.6f(5): %.1f sigma" % (
        out["e_inf"], out["e_inf_error"], PUBLISHED_E_INF,
        abs(out["e_inf"] - PUBLISHED_E_INF) / combined))
    assert abs(out["e_inf"] - PUBLISHED_E_INF) < combined
    assert out["e_inf_error"] < 5e-5  # a real constraint, not a huge error bar
    assert out["energy_fit"]["errors_from_scatter"] and out["energy_fit"]["points"] == 5
    assert len(out["energy_fit"]["leave_one_out"]) == 5
    assert png.stat().st_size > 1000


def synthetic(work):
    """Seeded Gaussian noise on E/N = e_inf + a N^-3/2 + b N^-2 (squares and rectangles): the fitted
    errors are honest (about 68 % of 400 replicas within one sigma) and chi^2/dof averages ~1."""
    e_inf, a, b, sigma = -0.6700, -2.0, 1.5, 2e-5
    sides = [(4, 4), (4, 6), (6, 6), (6, 8), (8, 8), (10, 10), (12, 12), (16, 16)]
    rng = np.random.default_rng(12345)
    inside, chi2 = 0, []
    for _ in range(400):
        pts = []
        for lx, ly in sides:
            n = lx * ly
            pts.append({"lx": lx, "ly": ly, "n": n, "energy_error": sigma,
                        "energy": e_inf + a * n ** -1.5 + b * n ** -2 + sigma * rng.standard_normal()})
        f = extrapolate.extrapolate(pts, "energy", "energy_error", (1.5, 2.0), "E/N")
        inside += abs(f["intercept"] - e_inf) < f["intercept_error"]
        chi2.append(f["chi2_reduced"])
    frac = inside / 400
    print("within 1 sigma: %.3f, mean chi2/dof %.3f" % (frac, np.mean(chi2)))
    assert 0.60 < frac < 0.76
    assert 0.85 < np.mean(chi2) < 1.15
    # The leading-order-only fit of the same noiseless curve is biased, and chi^2 says so.
    pts = [{"lx": l[0], "ly": l[1], "n": l[0] * l[1], "energy_error": sigma,
            "energy": e_inf + a * (l[0] * l[1]) ** -1.5 + b * (l[0] * l[1]) ** -2} for l in sides]
    assert extrapolate.extrapolate(pts, "energy", "energy_error", (1.5,), "E/N")["chi2_reduced"] > 10


def run_directories(work):
    """Run directories (summary.json + measure.json) and a bare vmc_measure line: exact linear data
    S(pi,pi)/N = 0.09 + 0.3/L and E/N = -0.67 - 2/L^3 come back exactly; JSON is one '{' line."""
    for L in (4, 6, 8, 10):
        d = work / ("run%d" % L)
        d.mkdir(parents=True, exist_ok=True)
        n = L * L
        (d / "summary.json").write_text(json.dumps({
            "energy_per_site": -0.5, "energy_per_site_error": 1e-4, "variance": 1.0, "v_score": 0.1,
            "lattice": {"lx": L, "ly": L, "j1": 1, "j2": 0}}))
        (d / "measure.json").write_text("vmc_measure: text report\n" + json.dumps({
            "energy_per_site": -0.67 - 2.0 / L ** 3, "error_per_site": 1e-4,
            "variance": 1.0, "v_score": 0.1, "s_pi_pi": n * (0.09 + 0.3 / L), "s_pi_pi_error": 0.01,
            "s_pi_0": n * 0.25 / L, "s_pi_0_error": 0.01}) + "\n")
    out = json_line(run(*(work / ("run%d" % L) for L in (4, 6, 8, 10)), "--json", "--no-plot"))
    assert abs(out["e_inf"] + 0.67) < 1e-10, out["e_inf"]
    assert abs(out["s_pi_pi_fit"]["intercept"] - 0.09) < 1e-10
    assert abs(out["s_pi_0_fit"]["intercept"]) < 1e-10
    assert abs(out["energy_fit"]["chi2"]) < 1e-10
    # A vmc_measure line on its own takes its lattice from the summary.json beside it.
    bare = work / "run8" / "measure.json"
    out = json_line(run(bare, work / "run10", work / "run6" / "summary.json", "--json", "--no-plot"))
    assert [p["lx"] for p in out["points"]] == [6, 8, 10]
    text = run(work / "run4", work / "run6", work / "run8", "--plot", work / "runs.png").stdout
    assert "S(pi,pi)/N" in text and (work / "runs.png").is_file()


def zero_variance(work):
    """E/N = e0 + c variance/N with seeded noise at fixed L: the fit returns e0 within 3 sigma; mixing
    lattices is refused."""
    rng = np.random.default_rng(7)
    e0, c, sigma = -0.6785, -0.02, 5e-5
    for k, var_per_site in enumerate((0.02, 0.04, 0.06, 0.1, 0.15)):
        d = work / ("zv%d" % k)
        d.mkdir(parents=True, exist_ok=True)
        (d / "summary.json").write_text(json.dumps({
            "energy_per_site": e0 + c * var_per_site + sigma * rng.standard_normal(),
            "energy_per_site_error": sigma, "variance": var_per_site * 36, "v_score": 1.0,
            "lattice": {"lx": 6, "ly": 6, "j1": 1, "j2": 0}}))
    runs = sorted(p for p in work.glob("zv*") if p.is_dir())
    out = json_line(run(*runs, "--zero-variance", "--json", "--plot", work / "zv.png"))
    print("e_zv = %.6f +- %.6f (true %.6f)" % (out["e_zv"], out["e_zv_error"], e0))
    assert abs(out["e_zv"] - e0) < 3 * out["e_zv_error"]
    assert out["e_zv_error"] < 2e-4
    d = work / "other"
    d.mkdir(exist_ok=True)
    (d / "summary.json").write_text(json.dumps({"energy_per_site": -0.6, "energy_per_site_error": 1e-4,
                                                "variance": 1, "v_score": 1,
                                                "lattice": {"lx": 8, "ly": 8}}))
    r = run(*runs, d, "--zero-variance", code=2)
    assert "one lattice" in r.stderr, r.stderr


def bad_input(work):
    """Missing inputs, a directory without summary.json and too few sizes end with exit 2."""
    assert "no such file" in run(work / "nope.json", code=2).stderr
    (work / "image.png").write_bytes(b"\x89PNG\r\n")
    assert "cannot read as text" in run(work / "image.png", code=2).stderr
    (work / "empty").mkdir(parents=True, exist_ok=True)
    assert "without summary.json" in run(work / "empty", code=2).stderr
    r = run(HERE / "data" / "heisenberg_square_j2_0_qmc.csv", "--lmin", 14, "--b4", "--no-plot", code=2)
    assert "parameters" in r.stderr, r.stderr


if __name__ == "__main__":
    case, work = sys.argv[1], Path(sys.argv[2]) / sys.argv[1]
    shutil.rmtree(work, ignore_errors=True)  # a rerun starts clean
    work.mkdir(parents=True)
    globals()[case](work)
    print("ok: %s" % case)
