#include "vitvmc/sr/distributed_sr.hpp"

#include <limits>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/sr/sr_support.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

DistributedSrSolver::DistributedSrSolver(const SrSolverOptions& options) : options_(options) {
  VITVMC_REQUIRE(options.block_size > 0, "SR solver: block size must be positive");
}

const BlacsGrid& DistributedSrSolver::grid_for(const Communicator& comm, bool& built) {
  // Building a grid is collective, so the ranks agree first: a rank whose solver last served
  // another communicator (or none) makes every rank rebuild.
  int rebuild = !grid_ || !grid_->spans(comm) ? 1 : 0;
  allreduce_max(std::span<int>(&rebuild, 1), comm);
  built = rebuild != 0;
  if (built) {
    grid_.reset();  // release the old BLACS context before creating the new one
    grid_.emplace(make_sr_grid(comm, options_));
  }
  return *grid_;
}

RealVector DistributedSrSolver::solve(const RealMatrix& x_local, const RealVector& e_local,
                                      Real shift, const Communicator& comm, SrDiagnostics* diag) {
  VITVMC_REQUIRE(x_local.rows() == e_local.size(), "SR solver: X and e row counts differ");
  SrDiagnostics d;
  d.solver = name();
  SrStopwatch clock;
  const RowLayout layout = RowLayout::gather(x_local.rows(), comm);
  const Index p = global_parameter_count(x_local, comm);
  const Index n = layout.total();
  RealVector delta;
  if (n == 0 || p == 0) {
    delta = RealVector::Zero(p);  // nothing to solve: no samples or no parameters
  } else if (any_non_finite(x_local, e_local, comm)) {
    d.residual = std::numeric_limits<Real>::quiet_NaN();
    delta = RealVector::Constant(p, std::numeric_limits<Real>::quiet_NaN());
  } else {
    const BlacsGrid& grid = grid_for(comm, d.grid_built);
    clock.lap(d.seconds_comm);
    delta = solve_distributed(
        {x_local, e_local, layout, p, n, shift, options_.block_size, grid, comm}, d, clock);
    d.residual = sr_residual(x_local, e_local, shift, delta, comm);
    clock.lap(d.seconds_solve);
  }
  if (diag) *diag = d;
  return delta;
}

}  // namespace vitvmc
