#pragma once
/// \file sr_support.hpp
/// Pieces both distributed SR solvers share: shape checks, the grid, identical sums, the residual.

#include "vitvmc/parallel/blacs_grid.hpp"
#include "vitvmc/parallel/block_cyclic_matrix.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/parallel/redistribute.hpp"
#include "vitvmc/sr/sr_solver.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// P, the column count of X; throws on every rank if ranks that hold rows disagree.
Index global_parameter_count(const RealMatrix& x_local, const Communicator& comm);

/// Whether any rank's X or e rows hold a NaN or infinity (then no solve is attempted: ScaLAPACK
/// could fail on some ranks only and leave the others waiting).
bool any_non_finite(const RealMatrix& x_local, const RealVector& e_local, const Communicator& comm);

/// The solve's BLACS grid: options.nprow x options.npcol, or near-square over all ranks.
BlacsGrid make_sr_grid(const Communicator& comm, const SrSolverOptions& options);

/// X (layout.total() x p) block-cyclic on `grid` with block x block blocks, from every rank's rows.
BlockCyclicMatrix distribute_rows(const RealMatrix& x_local, const RowLayout& layout, Index p,
                                  const BlacsGrid& grid, int block, const Communicator& comm);

/// Sum over ranks of `partial` (reduce to rank 0, then broadcast): the same bits on every rank.
RealVector sum_over_ranks(const RealVector& partial, const Communicator& comm);

/// |(X^T X + shift) delta - X^T e| / |X^T e| (absolute when X^T e = 0), from the local rows and
/// one reduction of 2P numbers; the same value on every rank.
Real sr_residual(const RealMatrix& x_local, const RealVector& e_local, Real shift,
                 const RealVector& delta, const Communicator& comm);

}  // namespace vitvmc
