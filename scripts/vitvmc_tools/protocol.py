"""The finite-size extrapolation protocol of docs/extrapolation.md ("The extrapolation protocol"),
rule by rule: sizes with sqrt(N) >= L_MIN; E/N = e_inf + a/L^3 + b/L^4 and
S(q)/N = m2 + c/L + d/L^2; weighted least squares; errors times S = sqrt(chi^2/dof) when S > 1;
the shift when the smallest size is dropped added in quadrature; refusal for too few sizes,
p < P_MIN, or a non-negative quantity fitted below zero; agreement within K_AGREEMENT sigma."""
import math

import numpy as np

from .errors import ToolInputError
from .fit import chi2_sf, linear_fit

NAME = "vitvmc-fss-1"
DOC = "docs/extrapolation.md, 'The extrapolation protocol (fixed before the data)'"
COMMIT = "cef0e95"
L_MIN = 6
P_MIN = 0.01
K_AGREEMENT = 2.0
ENERGY_POWERS = (1.5, 2.0)  # powers of 1/N: 1/L^3, 1/L^4
ORDER_POWERS = (0.5, 1.0)   # 1/L, 1/L^2


def description(lmin, leading_only):
    """The `protocol` record of a result: the rules, and how this fit departs from them."""
    deviations = []
    if lmin != L_MIN:
        deviations.append("lmin %g instead of %d" % (lmin, L_MIN))
    if leading_only:
        deviations.append("leading-order forms only (no b/L^4, d/L^2 terms)")
    return {"name": NAME, "doc": DOC, "commit": COMMIT, "followed": not deviations,
            "deviations": deviations, "lmin": L_MIN,
            "energy_form": "E/N = e_inf + a/L^3 + b/L^4",
            "order_form": "S(q)/N = m2 + c/L + d/L^2", "p_min": P_MIN,
            "error": "sqrt((S sigma_stat)^2 + sigma_window^2), S = max(1, sqrt(chi2/dof))",
            "agreement_k": K_AGREEMENT}


def min_dof(sigma):
    """Rule 6a: one degree of freedom with error bars, two when the scatter is the error."""
    return 2 if sigma is None else 1


def _sigma(points, key):
    errs = [p.get(key) for p in points]
    if all(e is None for e in errs):
        return None
    if any(e is None or not e > 0 for e in errs):
        raise ToolInputError("some points have %s and some do not (or it is not > 0)" % key)
    return errs


def _design(points, powers, intercept=True):
    cols = ([np.ones(len(points))] if intercept else []) + \
        [np.array([p["n"] ** -q for p in points], float) for q in powers]
    return np.column_stack(cols)


def _try_fit(points, value, error, powers):
    """The plain fit, or None when rule 6a forbids it."""
    sigma = _sigma(points, error)
    if len(points) - (len(powers) + 1) < min_dof(sigma):
        return None
    return linear_fit(_design(points, powers), [p[value] for p in points], sigma)


def scale_factor(f):
    """Rule 4: S = sqrt(chi^2/dof) when above 1 (1 for errors from the scatter: already scaled)."""
    if f["errors_from_scatter"] or not math.isfinite(f["chi2_reduced"]):
        return 1.0
    return max(1.0, math.sqrt(f["chi2_reduced"]))


def _leave_one_out(points, value, error, powers):
    out = []
    for i in range(len(points)):
        g = _try_fit(points[:i] + points[i + 1:], value, error, powers)
        if g is not None:
            out.append({"left_out": "%dx%d" % (points[i]["lx"], points[i]["ly"]),
                        "value": float(g["p"][0]),
                        "error": float(math.sqrt(g["cov"][0, 0]) * scale_factor(g))})
    return out


def size_fit(points, value, error, powers, name, nonnegative=False):
    """value(N) = c0 + sum_k c_k N^-powers[k] under the protocol (points already cut to L_MIN).
    None without data; a dict with `refused` = reason (and intercept None) when the protocol
    refuses it."""
    pts = sorted((p for p in points if p.get(value) is not None), key=lambda p: p["n"])
    if not pts:
        return None
    k = len(powers) + 1
    sigma = _sigma(pts, error)
    # Every key is present even when no fit is made (None), so readers need no special case.
    out = {"name": name, "powers_of_N": [-q for q in powers], "points": len(pts),
           "sizes": sorted({int(round(math.sqrt(p["n"]))) for p in pts}), "refused": None,
           "warnings": [], "intercept": None, "intercept_error": None, "coefficients": None,
           "covariance": None, "chi2": None, "dof": len(pts) - k, "chi2_reduced": None,
           "p_value": None, "scale_factor": None, "residual_rms": None,
           "errors_from_scatter": sigma is None, "intercept_error_statistical": None,
           "window_error": None, "window_intercept": None, "leave_one_out": []}
    if len(pts) - k < min_dof(sigma):
        out["refused"] = ("%d point(s) for %d parameters: the protocol needs %d more degree(s) of "
                          "freedom (%s)" % (len(pts), k, min_dof(sigma) - (len(pts) - k),
                                           "errors from the scatter need dof >= 2" if sigma is None
                                           else "dof >= 1"))
        return out
    f = linear_fit(_design(pts, powers), [p[value] for p in pts], sigma)
    s = scale_factor(f)
    stat = math.sqrt(f["cov"][0, 0])
    p_value = None if f["errors_from_scatter"] else chi2_sf(f["chi2"], f["dof"])
    out.update({"coefficients": [float(c) for c in f["p"]],
                "covariance": (f["cov"] * s * s).tolist(), "chi2": f["chi2"], "dof": f["dof"],
                "chi2_reduced": f["chi2_reduced"], "p_value": p_value, "scale_factor": s,
                "residual_rms": f["residual_rms"], "errors_from_scatter": f["errors_from_scatter"],
                "intercept_error_statistical": stat})
    window = [p for p in pts if p["n"] > pts[0]["n"]]
    g = _try_fit(window, value, error, powers)
    out["window_error"] = None if g is None else abs(float(g["p"][0]) - float(f["p"][0]))
    out["window_intercept"] = None if g is None else float(g["p"][0])
    if g is None:
        out["warnings"].append("window error not estimated (too few sizes without the smallest): "
                               "the error bar is incomplete")
    total = math.hypot(s * stat, out["window_error"] or 0.0)
    out["leave_one_out"] = _leave_one_out(pts, value, error, powers)
    if out["leave_one_out"]:
        out["leave_one_out_max_shift"] = max(abs(l["value"] - f["p"][0])
                                             for l in out["leave_one_out"])
    if p_value is not None and p_value < P_MIN:
        out["refused"] = ("chi2/dof = %.3g with %d dof (p = %.2g < %g): the form does not "
                          "describe the data" % (f["chi2_reduced"], f["dof"], p_value, P_MIN))
    elif nonnegative and f["p"][0] < 0:
        out["refused"] = ("%s = %.6g +- %.2g < 0 is unphysical (a squared order parameter); the "
                          "physical (>= 0) optimum is the bound 0" % (name, f["p"][0], total))
        out["bound_fit"] = _bound_fit(pts, value, error, powers)
    if out["refused"]:
        out["rejected"] = {"intercept": float(f["p"][0]), "intercept_error": total}
        return out
    out["intercept"], out["intercept_error"] = float(f["p"][0]), total
    return out


def _bound_fit(pts, value, error, powers):
    """The fit with the intercept held at 0 (the boundary optimum of a linear fit whose free
    intercept falls below 0): its coefficients and goodness of fit, for information."""
    sigma = _sigma(pts, error)
    f = linear_fit(_design(pts, powers, intercept=False), [p[value] for p in pts], sigma)
    return {"intercept": 0.0, "coefficients": [0.0] + [float(c) for c in f["p"]],
            "chi2_reduced": f["chi2_reduced"], "dof": f["dof"],
            "p_value": None if f["errors_from_scatter"] or f["dof"] < 1 else
            chi2_sf(f["chi2"], f["dof"])}


def line_fit(x, y, sigma):
    """y = c0 + c1 x under rules 3, 4, 6a, 6b (the zero-variance fit): a dict with intercept,
    slope, their errors and `refused`."""
    sig = None if sigma is None else list(sigma)
    dof = len(y) - 2
    out = {"refused": None, "dof": dof, "chi2_reduced": None, "p_value": None, "scale_factor": None,
           "errors_from_scatter": sig is None}
    if dof < min_dof(sig):
        out["refused"] = "%d run(s) for 2 parameters: the protocol needs dof >= %d" % (
            len(y), min_dof(sig))
        return out
    f = linear_fit(np.column_stack([np.ones(len(x)), np.asarray(x, float)]), y, sig)
    s = scale_factor(f)
    p_value = None if f["errors_from_scatter"] else chi2_sf(f["chi2"], f["dof"])
    out.update({"p": f["p"], "cov": f["cov"] * s * s, "chi2_reduced": f["chi2_reduced"],
                "p_value": p_value, "scale_factor": s,
                "errors_from_scatter": f["errors_from_scatter"]})
    if p_value is not None and p_value < P_MIN:
        out["refused"] = ("chi2/dof = %.3g with %d dof (p = %.2g < %g): E/N is not linear in the "
                          "variance over these runs" % (f["chi2_reduced"], dof, p_value, P_MIN))
    return out


def agreement(value, error, reference, reference_error):
    """Rule 7: z = |value - reference| / sqrt(error^2 + reference_error^2), agreeing when z <= K."""
    combined = math.hypot(error, reference_error)
    z = abs(value - reference) / combined
    return {"reference": reference, "reference_error": reference_error,
            "combined_sigma": combined, "z": z, "k": K_AGREEMENT, "agrees": z <= K_AGREEMENT}
