#include "vitvmc/sr/kernel_sr.hpp"

#include <limits>
#include <vector>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/parallel/redistribute.hpp"
#include "vitvmc/parallel/scalapack_api.hpp"
#include "vitvmc/sr/spd_solve.hpp"
#include "vitvmc/sr/sr_support.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

KernelSrSolver::KernelSrSolver(const SrSolverOptions& options) : options_(options) {
  VITVMC_REQUIRE(options.block_size > 0, "KernelSrSolver: block size must be positive");
}

RealVector KernelSrSolver::solve(const RealMatrix& x_local, const RealVector& e_local, Real shift,
                                 const Communicator& comm, SrDiagnostics* diag) {
  VITVMC_REQUIRE(x_local.rows() == e_local.size(), "KernelSrSolver: X and e row counts differ");
  using Clock = std::chrono::steady_clock;
  SrDiagnostics d;
  d.solver = name();
  auto start = Clock::now();
  const RowLayout layout = RowLayout::gather(x_local.rows(), comm);
  const Index p = global_parameter_count(x_local, comm);
  const Index n = layout.total();
  if (n == 0) return RealVector::Zero(p);
  if (any_non_finite(x_local, e_local, comm)) {
    d.residual = std::numeric_limits<Real>::quiet_NaN();
    if (diag) *diag = d;
    return RealVector::Constant(p, std::numeric_limits<Real>::quiet_NaN());
  }
  const BlacsGrid grid = make_sr_grid(comm, options_);
  const int block = options_.block_size;
  // e is only N numbers: replicate it and let each process pick its block-cyclic entries.
  const std::vector<Real> e_all = allgatherv(
      std::span<const Real>(e_local.data(), static_cast<std::size_t>(e_local.size())), comm);
  BlockCyclicMatrix y(grid, n, 1, block, block);
  fill_from_replicated(Eigen::Map<const RealMatrix>(e_all.data(), n, 1), y);
  d.seconds_comm += seconds_since(start);

  // T = X X^T + shift from block-cyclic X, which is dropped once T exists: the solve then holds
  // only T besides the caller's rows. A failed Cholesky rebuilds T the same way instead of keeping
  // a copy of it.
  BlockCyclicMatrix kernel(grid, n, n, block, block);
  const auto build_kernel = [&](BlockCyclicMatrix& t) {
    auto begin = Clock::now();
    const BlockCyclicMatrix x = distribute_rows(x_local, layout, p, grid, block, comm);
    d.seconds_comm += seconds_since(begin);
    begin = Clock::now();
    if (grid.in_grid()) {
      const int ni = static_cast<int>(n), pi = static_cast<int>(p), one = 1;
      const double alpha = 1.0, beta = 0.0;
      scalapack::pdsyrk_("L", "N", &ni, &pi, &alpha, x.data(), &one, &one, x.descriptor(), &beta,
                         t.data(), &one, &one, t.descriptor());
      t.add_to_diagonal(shift);
    }
    d.seconds_matrix += seconds_since(begin);
  };
  build_kernel(kernel);

  start = Clock::now();
  const SpdSolveInfo info = solve_spd_with_fallback(kernel, y, options_.rcond, comm, build_kernel);
  d.cholesky_failed = info.cholesky_failed;
  d.eigen_cutoff_count = info.cutoff_count;
  d.seconds_solve += seconds_since(start);

  start = Clock::now();
  const RealMatrix y_all = replicate(y, comm);
  d.seconds_comm += seconds_since(start);

  start = Clock::now();
  RealVector partial = RealVector::Zero(p);
  if (x_local.rows() > 0) {
    const auto first = static_cast<Index>(layout.offsets[static_cast<std::size_t>(comm.rank())]);
    partial.noalias() = x_local.transpose() * y_all.col(0).segment(first, x_local.rows());
  }
  d.seconds_solve += seconds_since(start);

  start = Clock::now();
  RealVector delta = sum_over_ranks(partial, comm);
  d.seconds_comm += seconds_since(start);

  start = Clock::now();
  d.residual = sr_residual(x_local, e_local, shift, delta, comm);
  d.seconds_solve += seconds_since(start);
  if (diag) *diag = d;
  return delta;
}

}  // namespace vitvmc
