#pragma once
/// \file spd_solve.hpp
/// Distributed solve of a symmetric positive (semi-)definite system: ScaLAPACK Cholesky
/// (pdpotrf/pdpotrs), falling back to an eigendecomposition (pdsyevd) with a cutoff.

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

}  // namespace vitvmc
