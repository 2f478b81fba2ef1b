#pragma once
/// \file block_cyclic_matrix.hpp
/// BlockCyclicMatrix: this process's part of a global rows x cols matrix in ScaLAPACK's 2D
/// block-cyclic layout (mb x nb blocks dealt round-robin over a BlacsGrid, source process (0, 0)),
/// stored column-major with leading dimension max(1, local_rows) as ScaLAPACK expects.
/// Indices here are 0-based; ScaLAPACK calls take the 1-based ia = ja = 1.

#include <Eigen/Core>
#include <array>
#include <vector>

#include "vitvmc/parallel/blacs_grid.hpp"
#include "vitvmc/parallel/scalapack_api.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

class BlockCyclicMatrix {
 public:
  using LocalMap = Eigen::Map<Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
  using ConstLocalMap = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;

  /// Zero-initialised; `grid` must outlive the matrix. Dimensions must fit an int.
  BlockCyclicMatrix(const BlacsGrid& grid, Index rows, Index cols, int mb, int nb);

  Index rows() const { return rows_; }
  Index cols() const { return cols_; }
  int mb() const { return mb_; }
  int nb() const { return nb_; }
  const BlacsGrid& grid() const { return *grid_; }
  /// Rows / columns stored on this process (numroc).
  Index local_rows() const { return local_rows_; }
  Index local_cols() const { return local_cols_; }
  Index leading_dimension() const { return lld_; }
  /// The 9-integer ScaLAPACK descriptor (context -1 outside the grid).
  const int* descriptor() const { return desc_.data(); }

  double* data() { return storage_.data(); }
  const double* data() const { return storage_.data(); }
  /// Column-major view of the local block (local_rows x local_cols).
  LocalMap local() {
    return LocalMap(storage_.data(), local_rows_, local_cols_, Eigen::OuterStride<>(lld_));
  }
  ConstLocalMap local() const {
    return ConstLocalMap(storage_.data(), local_rows_, local_cols_, Eigen::OuterStride<>(lld_));
  }

  /// Grid row holding global row gi, grid column holding global column gj.
  int row_owner(Index gi) const { return static_cast<int>((gi / mb_) % grid_->nprow()); }
  int col_owner(Index gj) const { return static_cast<int>((gj / nb_) % grid_->npcol()); }
  /// Position of global row gi / column gj in its owner's local storage.
  Index local_row(Index gi) const { return (gi / (Index{mb_} * grid_->nprow())) * mb_ + gi % mb_; }
  Index local_col(Index gj) const { return (gj / (Index{nb_} * grid_->npcol())) * nb_ + gj % nb_; }
  /// Global row / column of this process's local row li / column lj.
  Index global_row(Index li) const {
    return ((li / mb_) * grid_->nprow() + grid_->myrow()) * mb_ + li % mb_;
  }
  Index global_col(Index lj) const {
    return ((lj / nb_) * grid_->npcol() + grid_->mycol()) * nb_ + lj % nb_;
  }
  /// Adds `value` to every stored diagonal entry (gi == gj).
  void add_to_diagonal(double value);
  /// Whether this process stores global entry (gi, gj).
  bool owns(Index gi, Index gj) const {
    return grid_->in_grid() && row_owner(gi) == grid_->myrow() && col_owner(gj) == grid_->mycol();
  }

 private:
  const BlacsGrid* grid_;
  Index rows_;
  Index cols_;
  int mb_;
  int nb_;
  Index local_rows_ = 0;
  Index local_cols_ = 0;
  Index lld_ = 1;
  std::array<int, scalapack::kDescriptorLength> desc_{};
  std::vector<double> storage_;
};

}  // namespace vitvmc
