#include "vitvmc/sr/parameter_sr.hpp"

#include "vitvmc/parallel/scalapack_api.hpp"
#include "vitvmc/sr/kernel_build.hpp"
#include "vitvmc/sr/spd_solve.hpp"
#include "vitvmc/sr/sr_support.hpp"

namespace vitvmc {

RealVector ParameterSrSolver::solve_distributed(const DistributedSrSystem& s, SrDiagnostics& d,
                                                SrStopwatch& clock) {
  const int block = options().block_size;
  // F = X^T e from the local rows; P numbers, replicated, then each process picks its entries.
  RealVector partial = RealVector::Zero(s.p);
  if (s.x_local.rows() > 0) partial.noalias() = s.x_local.transpose() * s.e_local;
  clock.lap(d.seconds_matrix);
  const RealVector force = sum_over_ranks(partial, s.comm);
  clock.lap(d.seconds_comm);

  BlockCyclicMatrix rhs(s.grid, s.p, 1, block, block);
  fill_from_replicated(Eigen::Map<const RealMatrix>(force.data(), s.p, 1), rhs);
  BlockCyclicMatrix a(s.grid, s.p, s.p, block, block);
  clock.lap(d.seconds_comm);
  if (s.comm.size() == 1) {
    build_gram_single_rank(s.x_local, a);  // X read in place: no copy on one rank
  } else {
    const BlockCyclicMatrix x = s.distribute_x();
    clock.lap(d.seconds_comm);
    if (s.grid.in_grid()) {
      const int ni = static_cast<int>(s.n), pi = static_cast<int>(s.p), one = 1;
      const double alpha = 1.0, beta = 0.0;
      scalapack::pdsyrk_("L", "T", &pi, &ni, &alpha, x.data(), &one, &one, x.descriptor(), &beta,
                         a.data(), &one, &one, a.descriptor());
    }
  }
  a.add_to_diagonal(s.shift);
  clock.lap(d.seconds_matrix);

  const SpdSolveInfo info = solve_spd_with_fallback(a, rhs, options().rcond, s.comm);
  d.cholesky_failed = info.cholesky_failed;
  d.eigen_cutoff_count = info.cutoff_count;
  clock.lap(d.seconds_solve);

  RealVector delta = replicate(rhs, s.comm).col(0);
  clock.lap(d.seconds_comm);
  return delta;
}

}  // namespace vitvmc
