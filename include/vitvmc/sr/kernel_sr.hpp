#pragma once
/// \file kernel_sr.hpp
/// Sample-space SR (kernel trick, minSR): delta = X^T (X X^T + shift I_N)^-1 e with N = 2M rows.
/// The N x N kernel is formed with pdsyrk on block-cyclic X and solved with pdpotrf/pdpotrs
/// (pdsyevd fallback), never replicated; delta = X^T y from local rows plus one reduction.

#include "vitvmc/sr/sr_solver.hpp"

namespace vitvmc {

class KernelSrSolver final : public SrSolver {
 public:
  explicit KernelSrSolver(const SrSolverOptions& options);
  RealVector solve(const RealMatrix& x_local, const RealVector& e_local, Real shift,
                   const Communicator& comm, SrDiagnostics* diag) override;
  std::string name() const override { return "kernel"; }

 private:
  SrSolverOptions options_;
};

}  // namespace vitvmc
