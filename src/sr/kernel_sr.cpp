#include "vitvmc/sr/kernel_sr.hpp"

#include <vector>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/sr/kernel_build.hpp"
#include "vitvmc/sr/spd_solve.hpp"
#include "vitvmc/sr/sr_support.hpp"

namespace vitvmc {

RealVector KernelSrSolver::solve_distributed(const DistributedSrSystem& s, SrDiagnostics& d,
                                             SrStopwatch& clock) {
  const int block = options().block_size;
  // e is only N numbers: replicate it and let each process pick its block-cyclic entries.
  const std::vector<Real> e_all = allgatherv(
      std::span<const Real>(s.e_local.data(), static_cast<std::size_t>(s.e_local.size())), s.comm);
  BlockCyclicMatrix y(s.grid, s.n, 1, block, block);
  fill_from_replicated(Eigen::Map<const RealMatrix>(e_all.data(), s.n, 1), y);
  clock.lap(d.seconds_comm);

  // T = X X^T + shift. The block-cyclic route drops its copy of X once T exists, so the solve
  // holds only T besides the caller's rows. A failed Cholesky rebuilds T the same way instead of
  // keeping a copy of it (that rebuild counts as solve time).
  const KernelRoute route = choose_kernel_route(options().kernel_route, s.n, s.p, s.comm.size());
  BlockCyclicMatrix kernel(s.grid, s.n, s.n, block, block);
  const auto build_kernel_with_shift = [&](BlockCyclicMatrix& t, SrStopwatch* timing) {
    build_kernel(s, route, options().slice_chunk_columns, t, timing, d);
    if (s.grid.in_grid()) t.add_to_diagonal(s.shift);
    if (timing) timing->lap(d.seconds_matrix);
  };
  build_kernel_with_shift(kernel, &clock);

  const SpdSolveInfo info =
      solve_spd_with_fallback(kernel, y, options().rcond, s.comm,
                              [&](BlockCyclicMatrix& t) { build_kernel_with_shift(t, nullptr); });
  d.cholesky_failed = info.cholesky_failed;
  d.eigen_cutoff_count = info.cutoff_count;
  clock.lap(d.seconds_solve);

  const RealMatrix y_all = replicate(y, s.comm);
  clock.lap(d.seconds_comm);

  // delta = X^T y from the local rows, then one reduction.
  RealVector partial = RealVector::Zero(s.p);
  if (s.x_local.rows() > 0) {
    const auto first =
        static_cast<Index>(s.layout.offsets[static_cast<std::size_t>(s.comm.rank())]);
    partial.noalias() = s.x_local.transpose() * y_all.col(0).segment(first, s.x_local.rows());
  }
  clock.lap(d.seconds_solve);

  RealVector delta = sum_over_ranks(partial, s.comm);
  clock.lap(d.seconds_comm);
  return delta;
}

}  // namespace vitvmc
