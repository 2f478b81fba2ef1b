#pragma once
/// \file parameter_sr.hpp
/// Parameter-space SR: delta = (X^T X + shift I_P)^-1 X^T e. The P x P matrix S is formed with
/// pdsyrk on block-cyclic X and solved with pdpotrf/pdpotrs (pdsyevd fallback). For small P
/// (P <= 2M, or tests cross-checking the kernel solver).

#include "vitvmc/sr/sr_solver.hpp"

namespace vitvmc {

class ParameterSrSolver final : public SrSolver {
 public:
  explicit ParameterSrSolver(const SrSolverOptions& options);
  RealVector solve(const RealMatrix& x_local, const RealVector& e_local, Real shift,
                   const Communicator& comm, SrDiagnostics* diag) override;
  std::string name() const override { return "parameter"; }

 private:
  SrSolverOptions options_;
};

}  // namespace vitvmc
