#pragma once
/// \file redistribute.hpp
/// Moves matrices between the sample-row layout the VMC engine produces (every rank a contiguous
/// run of rows, runs in rank order, row counts may differ) and ScaLAPACK's block-cyclic layout.

#include <cstdint>
#include <vector>

#include "vitvmc/parallel/block_cyclic_matrix.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// Row counts of every rank and the global index of each rank's first row.
struct RowLayout {
  std::vector<std::uint64_t> counts;
  std::vector<std::uint64_t> offsets;
  Index total() const;
  /// Gathers the row counts (collective).
  static RowLayout gather(Index local_rows, const Communicator& comm);
};

/// Copies every rank's `local_rows` (row r of rank k is global row layout.offsets[k] + r) into its
/// place in `dst` (dst.rows() = layout.total(), dst.cols() = local_rows.cols()). One MPI_Alltoallv
/// over `comm`, the communicator `dst`'s grid was built on; the whole matrix never sits on one
/// rank.
void scatter_row_blocks(const Eigen::Ref<const RealMatrix>& local_rows, const RowLayout& layout,
                        BlockCyclicMatrix& dst, const Communicator& comm);

/// The parameter-slice layout of the sample-space SR kernel (docs/sr.md): of the columns
/// [first_column, first_column + width) every rank r owns the share block_partition(width, r, R).
/// Every rank sends each rank its rows of that rank's share and receives all layout.total() rows of
/// its own share, in global row order, row-major (total x share) in `slice` (resized). One
/// MPI_Alltoallv over `comm`; `send` is scratch reused across calls.
void gather_column_share(const Eigen::Ref<const RealMatrix>& local_rows, const RowLayout& layout,
                         Index first_column, Index width, std::vector<double>& slice,
                         std::vector<double>& send, const Communicator& comm);

/// The whole matrix on every rank (each entry comes from its single owner, so the copies are
/// bit-identical). Memory rows x cols on every rank: vectors and small matrices only.
RealMatrix replicate(const BlockCyclicMatrix& src, const Communicator& comm);

/// Writes this process's entries of `dst` from `full`, a rows x cols matrix every rank holds.
void fill_from_replicated(const Eigen::Ref<const RealMatrix>& full, BlockCyclicMatrix& dst);

}  // namespace vitvmc
