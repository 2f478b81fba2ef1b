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

/// The whole matrix on every rank (each entry comes from its single owner, so the copies are
/// bit-identical). Memory rows x cols on every rank: vectors and small matrices only.
RealMatrix replicate(const BlockCyclicMatrix& src, const Communicator& comm);

/// Writes this process's entries of `dst` from `full`, a rows x cols matrix every rank holds.
void fill_from_replicated(const Eigen::Ref<const RealMatrix>& full, BlockCyclicMatrix& dst);

}  // namespace vitvmc
