#pragma once
/// \file sr_solver.hpp
/// SrSolver: the distributed stochastic-reconfiguration solve, delta = (X^T X + shift)^-1 X^T e,
/// with X the centred, 1/sqrt(M)-scaled, Re/Im-stacked log-derivative matrix whose rows live on the
/// ranks that sampled them (DESIGN.md section 5).

#include <memory>
#include <string>

#include "vitvmc/config/kinds.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/sr/sr_diagnostics.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// How the kernel solver forms X X^T (docs/sr.md, "Forming the kernel").
enum class KernelRoute {
  kAuto,             ///< parameter slices on one rank, and where their N x N partial kernel is
                     ///< no larger than the block-cyclic copy of X (N R <= P); else block-cyclic
  kParameterSlices,  ///< every rank: all rows of its columns, local dsyrk, partial kernels summed
  kBlockCyclic,      ///< X copied to the 2D block-cyclic layout, pdsyrk
};

struct SrSolverOptions {
  int block_size = 64;  ///< ScaLAPACK mb = nb
  Real rcond = 1e-12;   ///< eigen fallback drops eigenvalues <= rcond * largest
  int nprow = 0;        ///< BLACS grid shape; 0 x 0 picks a near-square grid over all ranks
  int npcol = 0;
  KernelRoute kernel_route = KernelRoute::kAuto;
  /// Parameter slices: columns of X moved per MPI_Alltoallv (0: about 64 MB of rows per rank).
  Index slice_chunk_columns = 0;
};

class SrSolver {
 public:
  virtual ~SrSolver() = default;
  /// x_local: this rank's rows of X (rows_local x P, row-major), e_local: the matching rows of e.
  /// Rows are already centred and scaled by 1/sqrt(M); row order across ranks is arbitrary (each
  /// rank stacks [Re O_local ; Im O_local]). Returns delta = (X^T X + shift I)^-1 X^T e, identical
  /// on every rank. Collective over `comm`. `diag` may be null.
  virtual RealVector solve(const RealMatrix& x_local, const RealVector& e_local, Real shift,
                           const Communicator& comm, SrDiagnostics* diag) = 0;
  /// SolverChoice::kernel or SolverChoice::parameter.
  virtual SolverChoice kind() const = 0;
  /// "kernel" or "parameter".
  std::string name() const { return std::string(name_of(kind())); }
};

/// kernel (sample space, 2M x 2M system) or parameter (P x P system); both ScaLAPACK. `kind` is
/// resolved (not automatic: choose_sr_solver picks from the sizes).
std::unique_ptr<SrSolver> make_sr_solver(SolverChoice kind, const SrSolverOptions& options);

}  // namespace vitvmc
