#pragma once
/// \file serial_sr.hpp
/// Serial Eigen reference of the SR solve, used by tests to check the distributed solvers.

#include <string>

#include "vitvmc/config/kinds.hpp"
#include "vitvmc/sr/sr_diagnostics.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// delta = (X^T X + shift)^-1 X^T e with the whole X on this rank. kind "kernel" solves
/// (X X^T + shift) y = e and returns X^T y; "parameter" solves the P x P system. Cholesky first;
/// on failure or a non-finite result, an eigendecomposition dropping eigenvalues <= rcond * max
/// (the pseudo-inverse when shift = 0).
RealVector solve_sr_serial(const RealMatrix& x, const RealVector& e, Real shift, SolverChoice kind,
                           Real rcond = 1e-12, SrDiagnostics* diag = nullptr);

}  // namespace vitvmc
