#pragma once
/// \file kernel_sr.hpp
/// Sample-space SR (kernel trick, minSR): delta = X^T (X X^T + shift I_N)^-1 e with N = 2M rows.
/// The N x N kernel is formed with pdsyrk on block-cyclic X and solved with pdpotrf/pdpotrs
/// (pdsyevd fallback), never replicated; delta = X^T y from local rows plus one reduction.

#include "vitvmc/sr/distributed_sr.hpp"

namespace vitvmc {

class KernelSrSolver final : public DistributedSrSolver {
 public:
  using DistributedSrSolver::DistributedSrSolver;
  SolverChoice kind() const override { return SolverChoice::kernel; }

 private:
  RealVector solve_distributed(const DistributedSrSystem& s, SrDiagnostics& d,
                               SrStopwatch& clock) override;
};

}  // namespace vitvmc
