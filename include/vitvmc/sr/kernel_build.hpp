#pragma once
/// \file kernel_build.hpp
/// Forming the sample-space SR kernel T = X X^T (lower triangle) from the rows of X every rank
/// holds, by one of two routes (docs/sr.md, "Forming the kernel"):
///   - parameter slices: each rank gathers all N rows of its share of the columns (one
///     MPI_Alltoallv per chunk of columns) and adds share share^T to an N x N partial kernel with
///     dsyrk; the partials sum to T (the kernel solver sums them on rank 0, which solves). On one
///     rank X is read in place by a single dsyrk: no copy at all.
///   - block-cyclic: X copied to the grid's 2D layout, then pdsyrk. Its traffic and memory grow
///     with N P / R instead of N^2, so it is the route for N R > P (many ranks).

#include <vector>

#include "vitvmc/sr/distributed_sr.hpp"

namespace vitvmc {

/// The route `requested` names, or for kAuto: parameter slices on one rank, and where the N x N
/// partial kernel is no larger than the block-cyclic copy of X it replaces (n * ranks <= p).
KernelRoute choose_kernel_route(KernelRoute requested, Index n, Index p, int ranks);

/// Columns of one chunk's share per rank on the parameter-slice route: `chunk_columns / ranks`
/// when given, else about 64 MB of all n rows (at least 256 columns). The memory plan sizes the
/// route's buffers with it.
Index slice_share_columns(Index n, int ranks, Index chunk_columns);

/// This rank's part of X X^T: `partial` (resized to n x n, column-major) holds on its lower
/// triangle share share^T summed over this rank's column shares (one rank: all of X X^T); the
/// partials of all ranks sum to X X^T. Collective over s.comm (one Alltoallv per chunk of
/// `chunk_columns` columns, 0: about 64 MB of rows per rank). Adds the data movement to
/// d.seconds_comm and the products to d.seconds_matrix through `clock` when it is given.
void build_partial_kernel(const DistributedSrSystem& s, Index chunk_columns,
                          std::vector<double>& partial, SrStopwatch* clock, SrDiagnostics& d);

/// The parameter-slice route whole: every rank's partial kernel (build_partial_kernel), summed in
/// place on rank `root` (`t` there holds X X^T's lower triangle afterwards; elsewhere the partial).
void form_kernel_on_root(const DistributedSrSystem& s, Index chunk_columns, int root,
                         std::vector<double>& t, SrStopwatch* clock, SrDiagnostics& d);

/// t = X X^T on its lower triangle on the grid: X copied to the block-cyclic layout, then pdsyrk.
/// Collective over s.comm; timed like build_partial_kernel.
void build_kernel_block_cyclic(const DistributedSrSystem& s, BlockCyclicMatrix& t,
                               SrStopwatch* clock, SrDiagnostics& d);

/// a = X^T X on its lower triangle from X's rows on a single rank (one dsyrk, X read in place);
/// the parameter solver's one-rank route.
void build_gram_single_rank(const RealMatrix& x, BlockCyclicMatrix& a);

}  // namespace vitvmc
