#pragma once
/// \file kernel_build.hpp
/// Forming the sample-space SR kernel T = X X^T (lower triangle, block-cyclic on the solver's
/// grid) from the rows of X every rank holds, by one of two routes (docs/sr.md):
///   - parameter slices: each rank gathers all N rows of its share of the columns (one
///     MPI_Alltoallv per chunk of columns), adds share share^T to an N x N partial kernel with
///     dsyrk, and the partial kernels are summed onto the grid block column by block column. On
///     one rank X is read in place by a single dsyrk: no copy at all.
///   - block-cyclic: X copied to the grid's 2D layout, then pdsyrk. Its traffic and memory grow
///     with N P / R instead of N^2, so it is the route for N R > P (many ranks).

#include "vitvmc/sr/distributed_sr.hpp"

namespace vitvmc {

/// The route `requested` names, or for kAuto: parameter slices on one rank, and where the N x N
/// partial kernel is no larger than the block-cyclic copy of X it replaces (n * ranks <= p).
KernelRoute choose_kernel_route(KernelRoute requested, Index n, Index p, int ranks);

/// t = X X^T on its lower triangle (the rest untouched), by `route` (not kAuto). Collective over
/// s.comm. Adds the data movement to d.seconds_comm and the products to d.seconds_matrix through
/// `clock` when it is given.
void build_kernel(const DistributedSrSystem& s, KernelRoute route, Index chunk_columns,
                  BlockCyclicMatrix& t, SrStopwatch* clock, SrDiagnostics& d);

/// a = X^T X on its lower triangle from X's rows on a single rank (one dsyrk, X read in place);
/// the parameter solver's one-rank route.
void build_gram_single_rank(const RealMatrix& x, BlockCyclicMatrix& a);

}  // namespace vitvmc
