#pragma once
/// \file distributed_sr.hpp
/// DistributedSrSolver: what both ScaLAPACK SR solvers share. It checks shapes, refuses non-finite
/// input on every rank, keeps one BLACS grid for the solver's lifetime (built on the first solve,
/// rebuilt only when a solve comes on a communicator over other processes), times the phases, and
/// computes the residual; the derived solver does its algebra in solve_distributed().

#include <chrono>
#include <optional>

#include "vitvmc/parallel/blacs_grid.hpp"
#include "vitvmc/parallel/block_cyclic_matrix.hpp"
#include "vitvmc/parallel/redistribute.hpp"
#include "vitvmc/sr/sr_solver.hpp"
#include "vitvmc/sr/sr_support.hpp"

namespace vitvmc {

/// Adds the wall time since the previous lap (or construction) to a diagnostics field.
class SrStopwatch {
 public:
  void lap(double& seconds) {
    const auto now = std::chrono::steady_clock::now();
    seconds += std::chrono::duration<double>(now - last_).count();
    last_ = now;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

/// One solve's input as the algebra sees it: the local rows, sizes, the grid.
struct DistributedSrSystem {
  const RealMatrix& x_local;
  const RealVector& e_local;
  const RowLayout& layout;  ///< rows per rank; n = layout.total()
  Index p;                  ///< parameters (columns of X)
  Index n;                  ///< rows of X over all ranks
  Real shift;
  int block;  ///< block-cyclic block size
  const BlacsGrid& grid;
  const Communicator& comm;

  /// X block-cyclic on the grid (collective). The solver decides how long to keep it: the kernel
  /// solver drops it once X X^T exists, so X and the kernel are not both held through the solve.
  BlockCyclicMatrix distribute_x() const {
    return distribute_rows(x_local, layout, p, grid, block, comm);
  }
};

class DistributedSrSolver : public SrSolver {
 public:
  explicit DistributedSrSolver(const SrSolverOptions& options);
  RealVector solve(const RealMatrix& x_local, const RealVector& e_local, Real shift,
                   const Communicator& comm, SrDiagnostics* diag) final;

 protected:
  /// delta, identical on every rank. Adds its phases to `d` through `clock` (which has just
  /// lapped the set-up).
  virtual RealVector solve_distributed(const DistributedSrSystem& s, SrDiagnostics& d,
                                       SrStopwatch& clock) = 0;
  const SrSolverOptions& options() const { return options_; }

 private:
  /// The solver's grid for `comm`, built on first use; `built` says whether this call built it.
  const BlacsGrid& grid_for(const Communicator& comm, bool& built);

  SrSolverOptions options_;
  std::optional<BlacsGrid> grid_;
};

}  // namespace vitvmc
