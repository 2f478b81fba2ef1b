"""Weighted linear least squares and the tail of the chi^2 distribution (no scipy needed)."""
import math

import numpy as np

from .errors import ToolInputError


def linear_fit(design, y, sigma):
    """Least squares y ~ design @ p with weights 1/sigma^2: p, covariance (A^T W A)^-1, chi^2, dof.

    sigma None: unit weights, and the covariance is scaled by the residual variance chi^2/dof (the
    scatter is then the only error estimate; chi^2 is reported as NaN, it has no meaning)."""
    a = np.asarray(design, float)
    y = np.asarray(y, float)
    n, k = a.shape
    if n < k:
        raise ToolInputError("%d point(s) for %d parameters" % (n, k))
    unweighted = sigma is None
    s = np.ones_like(y) if unweighted else np.asarray(sigma, float)
    if np.any(~np.isfinite(s)) or np.any(s <= 0):
        raise ToolInputError("error bars must be positive and finite")
    aw, yw = a / s[:, None], y / s
    cov = np.linalg.inv(aw.T @ aw)
    p = cov @ aw.T @ yw
    chi2 = float(np.sum((yw - aw @ p) ** 2))
    dof = n - k
    residual_rms = float(np.sqrt(np.mean((y - a @ p) ** 2)))
    if unweighted:
        cov = cov * (chi2 / dof if dof > 0 else float("nan"))
        chi2 = float("nan")
    return {"p": p, "cov": cov, "chi2": chi2, "dof": dof,
            "chi2_reduced": chi2 / dof if dof > 0 else float("nan"),
            "residual_rms": residual_rms, "errors_from_scatter": unweighted}


def chi2_sf(x, dof):
    """P(X >= x) for X ~ chi^2 with an integer number of degrees of freedom >= 1 (closed forms:
    a Poisson sum for even dof, erfc plus a series for odd dof)."""
    if dof < 1 or dof != int(dof):
        raise ValueError("dof must be a positive integer, got %r" % dof)
    if not x > 0:
        return 1.0
    half = x / 2.0
    if dof % 2 == 0:
        term, total = 1.0, 1.0
        for i in range(1, dof // 2):
            term *= half / i
            total += term
        return min(1.0, math.exp(-half) * total)
    root = math.sqrt(x)
    term, total = root, 0.0
    for r in range(1, (dof - 1) // 2 + 1):  # sum of x^(r-1/2) / (1 * 3 * ... * (2r - 1))
        if r > 1:
            term *= x / (2 * r - 1)
        total += term
    return min(1.0, math.erfc(root / math.sqrt(2.0)) +
               math.sqrt(2.0 / math.pi) * math.exp(-half) * total)
