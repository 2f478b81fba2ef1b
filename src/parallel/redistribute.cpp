#include "vitvmc/parallel/redistribute.hpp"

#include <climits>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/parallel/mpi_error.hpp"
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

/// Global columns owned by each grid column, increasing (the order of the owner's local columns).
std::vector<std::vector<Index>> columns_by_owner(const BlockCyclicMatrix& m) {
  std::vector<std::vector<Index>> cols(static_cast<std::size_t>(m.grid().npcol()));
  for (Index j = 0; j < m.cols(); ++j) cols[static_cast<std::size_t>(m.col_owner(j))].push_back(j);
  return cols;
}

int checked_int(std::size_t n) {
  VITVMC_REQUIRE(n <= static_cast<std::size_t>(INT_MAX),
                 "scatter_row_blocks: more than INT_MAX elements to one rank");
  return static_cast<int>(n);
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
  const BlacsGrid& grid = dst.grid();
  const auto owned_cols = columns_by_owner(dst);
  const auto first = static_cast<Index>(layout.offsets[me]);

  // Send: row i goes to grid row row_owner(first + i), split by column owner.
  std::vector<std::size_t> send_counts(ranks, 0);
  for (Index i = 0; i < local_rows.rows(); ++i) {
    const int prow = dst.row_owner(first + i);
    for (int pcol = 0; pcol < grid.npcol(); ++pcol) {
      send_counts[static_cast<std::size_t>(grid.rank_of(prow, pcol))] +=
          owned_cols[static_cast<std::size_t>(pcol)].size();
    }
  }
  std::vector<int> scounts(ranks), sdispls(ranks);
  std::vector<std::size_t> cursor(ranks);
  std::size_t total_send = 0;
  for (std::size_t r = 0; r < ranks; ++r) {
    scounts[r] = checked_int(send_counts[r]);
    sdispls[r] = checked_int(total_send);
    cursor[r] = total_send;
    total_send += send_counts[r];
  }
  std::vector<double> send(total_send);
  for (Index i = 0; i < local_rows.rows(); ++i) {
    const int prow = dst.row_owner(first + i);
    for (int pcol = 0; pcol < grid.npcol(); ++pcol) {
      auto& at = cursor[static_cast<std::size_t>(grid.rank_of(prow, pcol))];
      for (Index j : owned_cols[static_cast<std::size_t>(pcol)]) send[at++] = local_rows(i, j);
    }
  }

  // Receive: from rank s, its rows owned by my grid row, each with my grid column's entries.
  std::vector<int> rcounts(ranks, 0), rdispls(ranks, 0);
  std::size_t total_recv = 0;
  for (std::size_t s = 0; s < ranks; ++s) {
    std::size_t rows_from_s = 0;
    if (grid.in_grid()) {
      for (auto gi = layout.offsets[s]; gi < layout.offsets[s] + layout.counts[s]; ++gi) {
        if (dst.row_owner(static_cast<Index>(gi)) == grid.myrow()) ++rows_from_s;
      }
    }
    rcounts[s] = checked_int(rows_from_s * static_cast<std::size_t>(dst.local_cols()));
    rdispls[s] = checked_int(total_recv);
    total_recv += static_cast<std::size_t>(rcounts[s]);
  }
  std::vector<double> recv(total_recv);
  VITVMC_MPI_CHECK(MPI_Alltoallv(send.data(), scounts.data(), sdispls.data(), MPI_DOUBLE,
                                 recv.data(), rcounts.data(), rdispls.data(), MPI_DOUBLE,
                                 comm.raw()));
  if (!grid.in_grid()) return;
  auto local = dst.local();
  std::size_t at = 0;
  for (std::size_t s = 0; s < ranks; ++s) {
    for (auto gi = layout.offsets[s]; gi < layout.offsets[s] + layout.counts[s]; ++gi) {
      if (dst.row_owner(static_cast<Index>(gi)) != grid.myrow()) continue;
      const Index li = dst.local_row(static_cast<Index>(gi));
      for (Index lj = 0; lj < dst.local_cols(); ++lj) local(li, lj) = recv[at++];
    }
  }
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
