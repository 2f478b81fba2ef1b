#pragma once
/// \file sr_diagnostics.hpp
/// What one SR solve reports: which path it took, how well it solved, and where the time went.

#include <string>

#include "vitvmc/types.hpp"

namespace vitvmc {

struct SrDiagnostics {
  std::string solver;            ///< "kernel" or "parameter"
  bool cholesky_failed = false;  ///< Cholesky failed (info > 0 or non-finite): eigen fallback used
  Index eigen_cutoff_count = 0;  ///< eigenvalues dropped by the fallback (<= rcond * max)
  Real residual = 0;             ///< |(X^T X + shift) delta - X^T e| / |X^T e|
  bool grid_built = false;    ///< this solve built the BLACS grid (a solver's first solve, or a new
                              ///< communicator); later solves reuse it
  double seconds_matrix = 0;  ///< forming X X^T or X^T X (and the shift)
  double seconds_solve = 0;   ///< factorisation, solve, back-projection, residual
  double seconds_comm = 0;    ///< redistribution of X and e, gathers and reductions
};

}  // namespace vitvmc
