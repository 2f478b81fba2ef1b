#include "vitvmc/parallel/block_cyclic_matrix.hpp"

#include <algorithm>
#include <climits>
#include <string>

#include "vitvmc/util/error.hpp"

namespace vitvmc {

BlockCyclicMatrix::BlockCyclicMatrix(const BlacsGrid& grid, Index rows, Index cols, int mb, int nb)
    : grid_(&grid), rows_(rows), cols_(cols), mb_(mb), nb_(nb) {
  VITVMC_REQUIRE(rows >= 0 && cols >= 0 && rows <= INT_MAX && cols <= INT_MAX,
                 "BlockCyclicMatrix: dimensions must fit an int");
  VITVMC_REQUIRE(mb > 0 && nb > 0, "BlockCyclicMatrix: block sizes must be positive");
  desc_.fill(0);
  desc_[1] = -1;  // context of a process outside the grid
  if (!grid.in_grid()) return;
  const int m = static_cast<int>(rows), n = static_cast<int>(cols), zero = 0;
  const int myrow = grid.myrow(), mycol = grid.mycol(), nprow = grid.nprow(), npcol = grid.npcol(),
            context = grid.context();
  local_rows_ = scalapack::numroc_(&m, &mb_, &myrow, &zero, &nprow);
  local_cols_ = scalapack::numroc_(&n, &nb_, &mycol, &zero, &npcol);
  lld_ = std::max<Index>(1, local_rows_);
  const int lld = static_cast<int>(lld_);
  int info = 0;
  scalapack::descinit_(desc_.data(), &m, &n, &mb_, &nb_, &zero, &zero, &context, &lld, &info);
  VITVMC_REQUIRE(info == 0, "descinit failed with info " + std::to_string(info));
  storage_.assign(static_cast<std::size_t>(lld_ * local_cols_), 0.0);
}

void BlockCyclicMatrix::add_to_diagonal(double value) {
  auto block = local();
  for (Index lj = 0; lj < local_cols_; ++lj) {
    const Index g = global_col(lj);
    if (g < rows_ && row_owner(g) == grid_->myrow()) block(local_row(g), lj) += value;
  }
}

}  // namespace vitvmc
