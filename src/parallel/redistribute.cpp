#include "vitvmc/parallel/redistribute.hpp"

#include <algorithm>
#include <climits>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/parallel/mpi_error.hpp"
#include "vitvmc/parallel/traffic.hpp"
#include "vitvmc/util/block_partition.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

Index RowLayout::total() const {
  return counts.empty() ? 0 : static_cast<Index>(offsets.back() + counts.back());
}

RowLayout RowLayout::gather(Index local_rows, const Communicator& comm) {
  RowLayout layout;
  layout.counts = detail::all_counts(static_cast<std::size_t>(local_rows), comm);
  layout.offsets = detail::offsets_of(layout.counts);
  return layout;
}

namespace {

int checked_int(std::size_t n) {
  VITVMC_REQUIRE(n <= static_cast<std::size_t>(INT_MAX),
                 "scatter_row_blocks: more than INT_MAX elements to one rank");
  return static_cast<int>(n);
}

/// Global rows in [begin, end) that this process's grid row owns, increasing.
std::vector<Index> owned_rows(const BlockCyclicMatrix& m, std::uint64_t begin, std::uint64_t end) {
  std::vector<Index> rows;
  if (!m.grid().in_grid()) return rows;
  for (auto gi = static_cast<Index>(begin); gi < static_cast<Index>(end); ++gi) {
    if (m.row_owner(gi) == m.grid().myrow()) rows.push_back(gi);
  }
  return rows;
}

/// Row-major send buffer of this rank's rows for every other rank, with MPI counts/displacements.
struct Packed {
  std::vector<double> data;
  std::vector<int> counts, displs;
};

Packed pack_for_others(const Eigen::Ref<const RealMatrix>& local_rows, Index first,
                       const BlockCyclicMatrix& dst, const Communicator& comm) {
  const BlacsGrid& grid = dst.grid();
  const auto ranks = static_cast<std::size_t>(comm.size());
  const auto me = comm.rank();
  std::vector<std::size_t> width(static_cast<std::size_t>(grid.npcol()), 0);
  for (Index j = 0; j < dst.cols(); ++j) ++width[static_cast<std::size_t>(dst.col_owner(j))];
  std::vector<std::size_t> sizes(ranks, 0), cursor(ranks, 0);
  for (Index i = 0; i < local_rows.rows(); ++i) {
    const int prow = dst.row_owner(first + i);
    for (int pcol = 0; pcol < grid.npcol(); ++pcol) {
      const int dest = grid.rank_of(prow, pcol);
      if (dest != me)
        sizes[static_cast<std::size_t>(dest)] += width[static_cast<std::size_t>(pcol)];
    }
  }
  Packed packed{{}, std::vector<int>(ranks), std::vector<int>(ranks)};
  std::size_t total = 0;
  for (std::size_t r = 0; r < ranks; ++r) {
    packed.counts[r] = checked_int(sizes[r]);
    packed.displs[r] = checked_int(total);
    cursor[r] = total;
    total += sizes[r];
  }
  packed.data.resize(total);
  const Index stride = Index{dst.nb()} * grid.npcol();
  for (Index i = 0; i < local_rows.rows(); ++i) {
    const int prow = dst.row_owner(first + i);
    const double* row = local_rows.data() + i * local_rows.outerStride();
    for (int pcol = 0; pcol < grid.npcol(); ++pcol) {
      const int dest = grid.rank_of(prow, pcol);
      if (dest == me) continue;
      auto& at = cursor[static_cast<std::size_t>(dest)];
      // The owner's columns are runs of nb consecutive columns, npcol * nb apart.
      for (Index j0 = Index{pcol} * dst.nb(); j0 < dst.cols(); j0 += stride) {
        const Index run = std::min<Index>(dst.nb(), dst.cols() - j0);
        std::copy_n(row + j0, run, packed.data.begin() + static_cast<std::ptrdiff_t>(at));
        at += static_cast<std::size_t>(run);
      }
    }
  }
  return packed;
}

/// dst(local_row(rows[k]), lj) = value(k, lj) for all k and local columns lj. The values come
/// row by row while the local block is column-major, so copy in tiles of rows.
template <class Value>
void write_rows(BlockCyclicMatrix& dst, const std::vector<Index>& rows, Value value) {
  auto local = dst.local();
  const auto count = static_cast<Index>(rows.size());
  constexpr Index kTile = 32;
  for (Index k0 = 0; k0 < count; k0 += kTile) {
    const Index k1 = std::min(count, k0 + kTile);
    for (Index lj = 0; lj < dst.local_cols(); ++lj) {
      for (Index k = k0; k < k1; ++k) {
        local(dst.local_row(rows[static_cast<std::size_t>(k)]), lj) = value(k, lj);
      }
    }
  }
}

}  // namespace

void scatter_row_blocks(const Eigen::Ref<const RealMatrix>& local_rows, const RowLayout& layout,
                        BlockCyclicMatrix& dst, const Communicator& comm) {
  const auto ranks = static_cast<std::size_t>(comm.size());
  const auto me = static_cast<std::size_t>(comm.rank());
  VITVMC_REQUIRE(layout.counts.size() == ranks &&
                     layout.counts[me] == static_cast<std::uint64_t>(local_rows.rows()),
                 "scatter_row_blocks: layout does not match the local rows");
  VITVMC_REQUIRE(dst.rows() == layout.total() && dst.cols() == local_rows.cols(),
                 "scatter_row_blocks: destination has the wrong shape");
  const auto first = static_cast<Index>(layout.offsets[me]);
  const Packed send = pack_for_others(local_rows, first, dst, comm);

  // From every other rank s: its rows my grid row owns, each with my grid column's entries.
  std::vector<Index> received;
  std::vector<int> rcounts(ranks, 0), rdispls(ranks, 0);
  for (std::size_t s = 0; s < ranks; ++s) {
    rdispls[s] = checked_int(received.size() * static_cast<std::size_t>(dst.local_cols()));
    if (s == me) continue;
    const auto rows = owned_rows(dst, layout.offsets[s], layout.offsets[s] + layout.counts[s]);
    received.insert(received.end(), rows.begin(), rows.end());
    rcounts[s] = checked_int(rows.size() * static_cast<std::size_t>(dst.local_cols()));
  }
  std::vector<double> recv(received.size() * static_cast<std::size_t>(dst.local_cols()));
  std::uint64_t sent = 0;
  for (const int c : send.counts) sent += static_cast<std::uint64_t>(c);
  count_collective(sent * sizeof(double));
  VITVMC_MPI_CHECK(MPI_Alltoallv(send.data.data(), send.counts.data(), send.displs.data(),
                                 MPI_DOUBLE, recv.data(), rcounts.data(), rdispls.data(),
                                 MPI_DOUBLE, comm.raw()));
  if (!dst.grid().in_grid()) return;
  const Index width = dst.local_cols();
  write_rows(dst, received,
             [&](Index k, Index lj) { return recv[static_cast<std::size_t>(k * width + lj)]; });
  // This rank's own share is copied directly, without a message to itself.
  std::vector<Index> global_col(static_cast<std::size_t>(width));
  for (Index lj = 0; lj < width; ++lj)
    global_col[static_cast<std::size_t>(lj)] = dst.global_col(lj);
  const auto mine = owned_rows(dst, layout.offsets[me], layout.offsets[me] + layout.counts[me]);
  write_rows(dst, mine, [&](Index k, Index lj) {
    return local_rows(mine[static_cast<std::size_t>(k)] - first,
                      global_col[static_cast<std::size_t>(lj)]);
  });
}

void gather_column_share(const Eigen::Ref<const RealMatrix>& local_rows, const RowLayout& layout,
                         Index first_column, Index width, std::vector<double>& slice,
                         std::vector<double>& send, const Communicator& comm) {
  const int ranks = comm.size();
  const auto me = static_cast<std::size_t>(comm.rank());
  const Index rows = local_rows.rows();
  VITVMC_REQUIRE(layout.counts.size() == static_cast<std::size_t>(ranks) &&
                     layout.counts[me] == static_cast<std::uint64_t>(rows),
                 "gather_column_share: layout does not match the local rows");
  std::vector<int> scounts(static_cast<std::size_t>(ranks)), sdispls(scounts.size());
  std::vector<int> rcounts(scounts.size()), rdispls(scounts.size());
  send.resize(static_cast<std::size_t>(rows * width));
  std::size_t at = 0;
  std::uint64_t to_others = 0;
  for (int r = 0; r < ranks; ++r) {
    const auto [first, count] = block_partition(width, r, ranks);
    const auto k = static_cast<std::size_t>(r);
    sdispls[k] = checked_int(at);
    for (Index i = 0; i < rows; ++i, at += static_cast<std::size_t>(count))
      std::copy_n(local_rows.row(i).data() + first_column + first, count, send.begin() + at);
    scounts[k] = checked_int(at) - sdispls[k];
    if (k != me) to_others += static_cast<std::uint64_t>(scounts[k]);
  }
  const Index share = block_partition(width, comm.rank(), ranks).second;
  for (std::size_t s = 0; s < scounts.size(); ++s) {
    rcounts[s] = checked_int(layout.counts[s] * static_cast<std::uint64_t>(share));
    rdispls[s] = checked_int(layout.offsets[s] * static_cast<std::uint64_t>(share));
  }
  slice.resize(static_cast<std::size_t>(layout.total() * share));
  count_collective(to_others * sizeof(double));
  VITVMC_MPI_CHECK(MPI_Alltoallv(send.data(), scounts.data(), sdispls.data(), MPI_DOUBLE,
                                 slice.data(), rcounts.data(), rdispls.data(), MPI_DOUBLE,
                                 comm.raw()));
}

RealMatrix replicate(const BlockCyclicMatrix& src, const Communicator& comm) {
  RealMatrix full = RealMatrix::Zero(src.rows(), src.cols());
  const auto local = src.local();
  for (Index lj = 0; lj < src.local_cols(); ++lj) {
    const Index gj = src.global_col(lj);
    for (Index li = 0; li < src.local_rows(); ++li) full(src.global_row(li), gj) = local(li, lj);
  }
  // Every entry has one non-zero contributor, so the sum is exact whatever MPI's order.
  allreduce_sum(as_span(full), comm);
  return full;
}

void fill_from_replicated(const Eigen::Ref<const RealMatrix>& full, BlockCyclicMatrix& dst) {
  VITVMC_REQUIRE(full.rows() == dst.rows() && full.cols() == dst.cols(),
                 "fill_from_replicated: shapes differ");
  auto local = dst.local();
  for (Index lj = 0; lj < dst.local_cols(); ++lj) {
    const Index gj = dst.global_col(lj);
    for (Index li = 0; li < dst.local_rows(); ++li) local(li, lj) = full(dst.global_row(li), gj);
  }
}

}  // namespace vitvmc
