#pragma once
/// \file parameter_sr.hpp
/// Parameter-space SR: delta = (X^T X + shift I_P)^-1 X^T e. The P x P matrix S is formed with
/// pdsyrk on block-cyclic X and solved with pdpotrf/pdpotrs (pdsyevd fallback). For small P
/// (P <= 2M, or tests cross-checking the kernel solver).

#include "vitvmc/sr/distributed_sr.hpp"

namespace vitvmc {

class ParameterSrSolver final : public DistributedSrSolver {
 public:
  using DistributedSrSolver::DistributedSrSolver;
  SolverChoice kind() const override { return SolverChoice::parameter; }

 private:
  RealVector solve_distributed(const DistributedSrSystem& s, SrDiagnostics& d,
                               SrStopwatch& clock) override;
};

}  // namespace vitvmc
