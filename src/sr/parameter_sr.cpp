#include "vitvmc/sr/parameter_sr.hpp"

#include <limits>

#include "vitvmc/parallel/redistribute.hpp"
#include "vitvmc/parallel/scalapack_api.hpp"
#include "vitvmc/sr/spd_solve.hpp"
#include "vitvmc/sr/sr_support.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

ParameterSrSolver::ParameterSrSolver(const SrSolverOptions& options) : options_(options) {
  VITVMC_REQUIRE(options.block_size > 0, "ParameterSrSolver: block size must be positive");
}

RealVector ParameterSrSolver::solve(const RealMatrix& x_local, const RealVector& e_local,
                                    Real shift, const Communicator& comm, SrDiagnostics* diag) {
  VITVMC_REQUIRE(x_local.rows() == e_local.size(), "ParameterSrSolver: X and e row counts differ");
  using Clock = std::chrono::steady_clock;
  SrDiagnostics d;
  d.solver = name();
  auto start = Clock::now();
  const RowLayout layout = RowLayout::gather(x_local.rows(), comm);
  const Index p = global_parameter_count(x_local, comm);
  const Index n = layout.total();
  if (p == 0) return RealVector::Zero(0);
  if (any_non_finite(x_local, e_local, comm)) {
    d.residual = std::numeric_limits<Real>::quiet_NaN();
    if (diag) *diag = d;
    return RealVector::Constant(p, std::numeric_limits<Real>::quiet_NaN());
  }
  const BlacsGrid grid = make_sr_grid(comm, options_);
  const int block = options_.block_size;
  const BlockCyclicMatrix x = distribute_rows(x_local, layout, p, grid, block, comm);
  d.seconds_comm += seconds_since(start);

  // F = X^T e from the local rows; P numbers, replicated, then each process picks its entries.
  start = Clock::now();
  RealVector partial = RealVector::Zero(p);
  if (x_local.rows() > 0) partial.noalias() = x_local.transpose() * e_local;
  d.seconds_matrix += seconds_since(start);
  start = Clock::now();
  const RealVector force = sum_over_ranks(partial, comm);
  d.seconds_comm += seconds_since(start);

  start = Clock::now();
  BlockCyclicMatrix rhs(grid, p, 1, block, block);
  fill_from_replicated(Eigen::Map<const RealMatrix>(force.data(), p, 1), rhs);
  BlockCyclicMatrix s(grid, p, p, block, block);
  if (grid.in_grid() && n > 0) {
    const int ni = static_cast<int>(n), pi = static_cast<int>(p), one = 1;
    const double alpha = 1.0, beta = 0.0;
    scalapack::pdsyrk_("L", "T", &pi, &ni, &alpha, x.data(), &one, &one, x.descriptor(), &beta,
                       s.data(), &one, &one, s.descriptor());
  }
  s.add_to_diagonal(shift);
  d.seconds_matrix += seconds_since(start);

  start = Clock::now();
  const SpdSolveInfo info = solve_spd_with_fallback(s, rhs, options_.rcond, comm);
  d.cholesky_failed = info.cholesky_failed;
  d.eigen_cutoff_count = info.cutoff_count;
  d.seconds_solve += seconds_since(start);

  start = Clock::now();
  RealVector delta = replicate(rhs, comm).col(0);
  d.seconds_comm += seconds_since(start);

  start = Clock::now();
  d.residual = sr_residual(x_local, e_local, shift, delta, comm);
  d.seconds_solve += seconds_since(start);
  if (diag) *diag = d;
  return delta;
}

}  // namespace vitvmc
