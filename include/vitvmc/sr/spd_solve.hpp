#pragma once
/// \file spd_solve.hpp
/// Solve of a symmetric positive (semi-)definite system: Cholesky, falling back to an
/// eigendecomposition with a cutoff; distributed (ScaLAPACK pdpotrf/pdpotrs, pdsyevd, LAPACK on a
/// one-process grid) or held by one process (LAPACK dpotrf/dpotrs, dsyevd).

#include <functional>

#include "vitvmc/parallel/block_cyclic_matrix.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

struct SpdSolveInfo {
  bool cholesky_failed = false;  ///< pdpotrf info > 0 or a non-finite solution
  Index cutoff_count = 0;        ///< eigenvalues <= rcond * max dropped by the fallback
};

/// Overwrites `b` (n x 1) with the solution of a y = b, `a` (n x n, lower triangle read) symmetric.
/// Fallback: y = sum over eigenpairs with w > rcond * max(w) of v (v^T b) / w, i.e. the
/// pseudo-inverse when the dropped eigenvalues are the null space. `a` is destroyed. Collective
/// over `comm`, the communicator of the matrices' grid; the outcome is the same on every rank.
SpdSolveInfo solve_spd_with_fallback(BlockCyclicMatrix& a, BlockCyclicMatrix& b, Real rcond,
                                     const Communicator& comm);

/// The same without a copy of `a`: when Cholesky fails, `rebuild(a)` refills it (collective), so
/// the solve holds one n x n matrix instead of two (docs/memory-plan.md).
SpdSolveInfo solve_spd_with_fallback(BlockCyclicMatrix& a, BlockCyclicMatrix& b, Real rcond,
                                     const Communicator& comm,
                                     const std::function<void(BlockCyclicMatrix&)>& rebuild);

/// For a matrix one process holds whole (n x n, column-major, leading dimension n, lower triangle
/// read; destroyed), b (n) overwritten: the Cholesky solve (LAPACK dpotrf/dpotrs). False when a is
/// not positive definite or y is not finite (b is then to be restored by the caller).
bool cholesky_solve_dense(double* a, Index n, double* b);
/// The fallback: b <- sum over eigenpairs with w > rcond * max(w) of v (v^T b) / w (LAPACK dsyevd).
/// Returns the number of dropped eigenvalues.
Index eigen_solve_dense(double* a, Index n, double* b, Real rcond);

}  // namespace vitvmc
