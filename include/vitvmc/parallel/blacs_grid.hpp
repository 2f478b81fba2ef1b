#pragma once
/// \file blacs_grid.hpp
/// BlacsGrid: RAII owner of a BLACS process grid (Csys2blacs_handle, Cblacs_gridinit,
/// Cblacs_gridexit) over an explicit Communicator.

#include <utility>
#include <vector>

#include "vitvmc/parallel/communicator.hpp"

namespace vitvmc {

class BlacsGrid {
 public:
  /// Grid over every rank of `comm`, shape near_square_shape(comm.size()). The grid works on its
  /// own duplicate of `comm`: BLACS hands out one system handle per MPI communicator, so sharing
  /// one between grids would free it twice.
  explicit BlacsGrid(const Communicator& comm);
  /// nprow x npcol grid in row-major rank order; ranks >= nprow*npcol stay outside the grid.
  BlacsGrid(const Communicator& comm, int nprow, int npcol);
  ~BlacsGrid();
  BlacsGrid(BlacsGrid&& other) noexcept;
  BlacsGrid& operator=(BlacsGrid&& other) noexcept;
  BlacsGrid(const BlacsGrid&) = delete;
  BlacsGrid& operator=(const BlacsGrid&) = delete;

  /// nprow x npcol with nprow * npcol = ranks and nprow the largest divisor <= sqrt(ranks).
  static std::pair<int, int> near_square_shape(int ranks);

  /// BLACS context handle (-1 outside the grid).
  int context() const { return context_; }
  int nprow() const { return nprow_; }
  int npcol() const { return npcol_; }
  /// This process's grid row / column, -1 outside the grid.
  int myrow() const { return myrow_; }
  int mycol() const { return mycol_; }
  bool in_grid() const { return myrow_ >= 0; }
  /// Rank in the communicator of grid process (prow, pcol).
  int rank_of(int prow, int pcol) const;
  /// Whether the grid was built over the processes of `comm` in the same rank order (identical or
  /// congruent communicators), so it can serve `comm` again. Local: no communication.
  bool spans(const Communicator& comm) const;

 private:
  void release() noexcept;

  Communicator comm_;  ///< private duplicate behind the BLACS system handle
  int system_handle_ = -1;
  int context_ = -1;
  int nprow_ = 0;
  int npcol_ = 0;
  int myrow_ = -1;
  int mycol_ = -1;
  std::vector<int> ranks_;  ///< ranks_[prow * npcol + pcol] = communicator rank
};

}  // namespace vitvmc
