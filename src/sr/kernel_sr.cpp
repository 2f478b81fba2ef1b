#include "vitvmc/sr/kernel_sr.hpp"

#include <vector>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/sr/kernel_build.hpp"
#include "vitvmc/sr/spd_solve.hpp"
#include "vitvmc/sr/sr_support.hpp"

namespace vitvmc {
namespace {

constexpr int kRoot = 0;

/// y = (T + shift)^-1 e on every rank, T by parameter slices: the partial kernels are summed on
/// rank 0, which solves with LAPACK and broadcasts y (rank 0's bits on every rank). The slices
/// route holds where N R <= P, so the Cholesky's N^3/3 on one rank is at most a third of what
/// every rank spends forming its share of T (N^2 P / R), and it needs no process grid.
RealVector solve_on_root(const DistributedSrSystem& s, std::vector<Real> e_all, Real rcond,
                         Index chunk_columns, SrDiagnostics& d, SrStopwatch& clock) {
  const bool root = s.comm.rank() == kRoot;
  std::vector<double> t;
  // Forms T + shift on rank 0 (collective). A failed Cholesky forms it again rather than keeping
  // a copy (that rebuild counts as solve time).
  const auto build = [&](SrStopwatch* timing) {
    form_kernel_on_root(s, chunk_columns, kRoot, t, timing, d);
    if (root)
      for (Index i = 0; i < s.n; ++i) t[static_cast<std::size_t>(i * s.n + i)] += s.shift;
  };
  build(&clock);
  RealVector y = Eigen::Map<const RealVector>(e_all.data(), s.n);
  int failed = root && !cholesky_solve_dense(t.data(), s.n, y.data()) ? 1 : 0;
  clock.lap(d.seconds_solve);
  broadcast(std::span<int>(&failed, 1), kRoot, s.comm);
  d.cholesky_failed = failed != 0;
  if (d.cholesky_failed) {
    build(nullptr);
    y = Eigen::Map<const RealVector>(e_all.data(), s.n);
    if (root) d.eigen_cutoff_count = eigen_solve_dense(t.data(), s.n, y.data(), rcond);
    clock.lap(d.seconds_solve);
    Index cutoff = d.eigen_cutoff_count;
    broadcast(std::span<Index>(&cutoff, 1), kRoot, s.comm);
    d.eigen_cutoff_count = cutoff;
  }
  broadcast(std::span<Real>(y.data(), static_cast<std::size_t>(y.size())), kRoot, s.comm);
  clock.lap(d.seconds_comm);
  return y;
}

/// The same on the grid: T by pdsyrk on block-cyclic X, ScaLAPACK's Cholesky (pdsyevd fallback);
/// the block-cyclic solution replicated on every rank (each entry from its one owner). Block-cyclic
/// X is dropped once T exists, so the solve holds only T besides the caller's rows.
RealVector solve_on_grid(const DistributedSrSystem& s, const std::vector<Real>& e_all, Real rcond,
                         SrDiagnostics& d, SrStopwatch& clock) {
  BlockCyclicMatrix y(s.grid, s.n, 1, s.block, s.block);
  fill_from_replicated(Eigen::Map<const RealMatrix>(e_all.data(), s.n, 1), y);
  BlockCyclicMatrix kernel(s.grid, s.n, s.n, s.block, s.block);
  const auto build = [&](BlockCyclicMatrix& t, SrStopwatch* timing) {
    build_kernel_block_cyclic(s, t, timing, d);
    if (s.grid.in_grid()) t.add_to_diagonal(s.shift);
    if (timing) timing->lap(d.seconds_matrix);
  };
  build(kernel, &clock);
  const SpdSolveInfo info = solve_spd_with_fallback(
      kernel, y, rcond, s.comm, [&](BlockCyclicMatrix& t) { build(t, nullptr); });
  d.cholesky_failed = info.cholesky_failed;
  d.eigen_cutoff_count = info.cutoff_count;
  clock.lap(d.seconds_solve);
  RealVector y_all = replicate(y, s.comm).col(0);
  clock.lap(d.seconds_comm);
  return y_all;
}

}  // namespace

RealVector KernelSrSolver::solve_distributed(const DistributedSrSystem& s, SrDiagnostics& d,
                                             SrStopwatch& clock) {
  // e is only N numbers: every rank gets all of them.
  std::vector<Real> e_all = allgatherv(
      std::span<const Real>(s.e_local.data(), static_cast<std::size_t>(s.e_local.size())), s.comm);
  clock.lap(d.seconds_comm);
  const KernelRoute route = choose_kernel_route(options().kernel_route, s.n, s.p, s.comm.size());
  const RealVector y = route == KernelRoute::kParameterSlices
                           ? solve_on_root(s, std::move(e_all), options().rcond,
                                           options().slice_chunk_columns, d, clock)
                           : solve_on_grid(s, e_all, options().rcond, d, clock);

  // delta = X^T y from the local rows, then one reduction.
  RealVector partial = RealVector::Zero(s.p);
  if (s.x_local.rows() > 0) {
    const auto first =
        static_cast<Index>(s.layout.offsets[static_cast<std::size_t>(s.comm.rank())]);
    partial.noalias() = s.x_local.transpose() * y.segment(first, s.x_local.rows());
  }
  clock.lap(d.seconds_solve);

  RealVector delta = sum_over_ranks(partial, s.comm);
  clock.lap(d.seconds_comm);
  return delta;
}

}  // namespace vitvmc
