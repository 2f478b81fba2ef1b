// BLACS grid and block-cyclic layout: index helpers against numroc, and the round trip
// row blocks (uneven, some ranks empty) -> block-cyclic -> replicated for awkward (prime) sizes.
#include <gtest/gtest.h>

#include <set>
#include <tuple>
#include <vector>

#include "vitvmc/parallel/blacs_grid.hpp"
#include "vitvmc/parallel/block_cyclic_matrix.hpp"
#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/parallel/redistribute.hpp"
#include "vitvmc/support/mpi_test_env.hpp"

namespace vitvmc {
namespace {

using testing_support::world;

TEST(BlacsGrid, NearSquareShapes) {
  using Shape = std::pair<int, int>;
  EXPECT_EQ(BlacsGrid::near_square_shape(1), Shape(1, 1));
  EXPECT_EQ(BlacsGrid::near_square_shape(2), Shape(1, 2));
  EXPECT_EQ(BlacsGrid::near_square_shape(3), Shape(1, 3));
  EXPECT_EQ(BlacsGrid::near_square_shape(4), Shape(2, 2));
  EXPECT_EQ(BlacsGrid::near_square_shape(12), Shape(3, 4));
  EXPECT_EQ(BlacsGrid::near_square_shape(256), Shape(16, 16));
}

TEST(BlacsGrid, EveryRankHasOneGridPosition) {
  const auto& comm = world();
  const BlacsGrid grid(comm);
  EXPECT_EQ(grid.nprow() * grid.npcol(), comm.size());
  ASSERT_TRUE(grid.in_grid());
  EXPECT_EQ(grid.rank_of(grid.myrow(), grid.mycol()), comm.rank());
  std::set<int> ranks;
  for (int pr = 0; pr < grid.nprow(); ++pr) {
    for (int pc = 0; pc < grid.npcol(); ++pc) ranks.insert(grid.rank_of(pr, pc));
  }
  EXPECT_EQ(static_cast<int>(ranks.size()), comm.size());
}

TEST(BlacsGrid, SmallerGridLeavesRanksOutside) {
  const auto& comm = world();
  const int cols = std::max(1, comm.size() - 1);
  const BlacsGrid grid(comm, 1, cols);
  EXPECT_EQ(grid.in_grid(), comm.rank() < cols);
  EXPECT_EQ(grid.context() >= 0, grid.in_grid());
}

TEST(BlockCyclicMatrix, IndexHelpersMatchNumroc) {
  const auto& comm = world();
  const BlacsGrid grid(comm);
  const BlockCyclicMatrix m(grid, 13, 11, 3, 2);
  Index owned_rows = 0, owned_cols = 0;
  for (Index gi = 0; gi < m.rows(); ++gi) {
    if (m.row_owner(gi) != grid.myrow()) continue;
    EXPECT_EQ(m.global_row(m.local_row(gi)), gi);
    ++owned_rows;
  }
  for (Index gj = 0; gj < m.cols(); ++gj) {
    if (m.col_owner(gj) != grid.mycol()) continue;
    EXPECT_EQ(m.global_col(m.local_col(gj)), gj);
    ++owned_cols;
  }
  EXPECT_EQ(owned_rows, m.local_rows());
  EXPECT_EQ(owned_cols, m.local_cols());
  EXPECT_EQ(m.descriptor()[8], std::max<Index>(1, m.local_rows()));  // LLD
  Index stored = m.local_rows() * m.local_cols();
  allreduce_sum(std::span<Index>(&stored, 1), comm);
  EXPECT_EQ(stored, 13 * 11);
}

double entry(Index i, Index j) {
  return 1000.0 * static_cast<double>(i) + static_cast<double>(j) + 0.25;
}

// Uneven contiguous split of `rows`: rank 0 holds none when there are several ranks.
std::pair<Index, Index> my_rows(Index rows, const Communicator& comm) {
  auto begin = [&](int r) { return rows * r * (r + 1) / (Index{comm.size()} * (comm.size() + 1)); };
  return {begin(comm.rank()), begin(comm.rank() + 1)};
}

void check_round_trip(const BlacsGrid& grid, Index rows, Index cols, int mb, int nb) {
  const auto& comm = world();
  const auto [first, last] = my_rows(rows, comm);
  RealMatrix local(last - first, cols);
  for (Index i = 0; i < local.rows(); ++i) {
    for (Index j = 0; j < cols; ++j) local(i, j) = entry(first + i, j);
  }
  const RowLayout layout = RowLayout::gather(local.rows(), comm);
  ASSERT_EQ(layout.total(), rows);
  BlockCyclicMatrix m(grid, rows, cols, mb, nb);
  scatter_row_blocks(local, layout, m, comm);
  const auto block = m.local();
  for (Index lj = 0; lj < m.local_cols(); ++lj) {
    for (Index li = 0; li < m.local_rows(); ++li) {
      ASSERT_EQ(block(li, lj), entry(m.global_row(li), m.global_col(lj)));
    }
  }
  const RealMatrix full = replicate(m, comm);
  for (Index i = 0; i < rows; ++i) {
    for (Index j = 0; j < cols; ++j) ASSERT_EQ(full(i, j), entry(i, j)) << i << "," << j;
  }
  BlockCyclicMatrix refilled(grid, rows, cols, mb, nb);
  fill_from_replicated(full, refilled);
  EXPECT_TRUE(refilled.local() == m.local());
}

TEST(Redistribute, RoundTripPrimeSizes) {
  const BlacsGrid grid(world());
  for (auto [rows, cols, mb, nb] :
       {std::tuple{13, 17, 3, 3}, std::tuple{31, 29, 2, 5}, std::tuple{7, 1, 2, 2},
        std::tuple{1, 5, 3, 1}, std::tuple{11, 13, 64, 64}}) {
    SCOPED_TRACE(testing::Message() << rows << "x" << cols << " blocks " << mb << "x" << nb);
    check_round_trip(grid, rows, cols, mb, nb);
  }
}

TEST(Redistribute, RoundTripOnOddGridShapes) {
  const auto& comm = world();
  const BlacsGrid column(comm, comm.size(), 1);
  check_round_trip(column, 19, 7, 2, 3);
  const BlacsGrid row(comm, 1, comm.size());
  check_round_trip(row, 19, 7, 2, 3);
  const BlacsGrid partial(comm, 1, std::max(1, comm.size() - 1));  // some ranks outside the grid
  check_round_trip(partial, 23, 5, 4, 1);
}

TEST(BlockCyclicMatrix, AddToDiagonalTouchesOnlyTheDiagonal) {
  const auto& comm = world();
  const BlacsGrid grid(comm);
  BlockCyclicMatrix m(grid, 7, 5, 2, 2);
  m.add_to_diagonal(2.5);
  const RealMatrix full = replicate(m, comm);
  for (Index i = 0; i < 7; ++i) {
    for (Index j = 0; j < 5; ++j) EXPECT_EQ(full(i, j), i == j ? 2.5 : 0.0);
  }
}

}  // namespace
}  // namespace vitvmc
