#include "vitvmc/parallel/blacs_grid.hpp"

#include <array>

#include "vitvmc/parallel/mpi_error.hpp"
#include "vitvmc/parallel/scalapack_api.hpp"
#include "vitvmc/parallel/traffic.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/grid_shape.hpp"

namespace vitvmc {

std::pair<int, int> BlacsGrid::near_square_shape(int ranks) {
  VITVMC_REQUIRE(ranks > 0, "near_square_shape: no ranks");
  return near_square_grid(ranks);
}

BlacsGrid::BlacsGrid(const Communicator& comm)
    : BlacsGrid(comm, near_square_shape(comm.size()).first, near_square_shape(comm.size()).second) {
}

BlacsGrid::BlacsGrid(const Communicator& comm, int nprow, int npcol)
    : comm_(Communicator::duplicate(comm.raw())), nprow_(nprow), npcol_(npcol) {
  VITVMC_REQUIRE(nprow > 0 && npcol > 0 && nprow * npcol <= comm.size(),
                 "BlacsGrid: grid larger than the communicator");
  system_handle_ = scalapack::Csys2blacs_handle(comm_.raw());
  context_ = system_handle_;
  scalapack::Cblacs_gridinit(&context_, "Row", nprow, npcol);
  if (context_ >= 0) {
    int rows = 0, cols = 0;
    scalapack::Cblacs_gridinfo(context_, &rows, &cols, &myrow_, &mycol_);
  } else {
    myrow_ = mycol_ = -1;
  }
  // BLACS numbers grid processes itself; record which communicator rank each one is.
  std::vector<std::array<int, 2>> coords(static_cast<std::size_t>(comm.size()));
  const std::array<int, 2> mine{myrow_, mycol_};
  count_collective(sizeof mine);
  VITVMC_MPI_CHECK(MPI_Allgather(mine.data(), 2, MPI_INT, coords.data(), 2, MPI_INT, comm.raw()));
  ranks_.assign(static_cast<std::size_t>(nprow * npcol), -1);
  for (std::size_t r = 0; r < coords.size(); ++r) {
    if (coords[r][0] < 0) continue;
    ranks_[static_cast<std::size_t>(coords[r][0] * npcol + coords[r][1])] = static_cast<int>(r);
  }
}

int BlacsGrid::rank_of(int prow, int pcol) const {
  VITVMC_REQUIRE(prow >= 0 && prow < nprow_ && pcol >= 0 && pcol < npcol_,
                 "BlacsGrid::rank_of: coordinates outside the grid");
  return ranks_[static_cast<std::size_t>(prow * npcol_ + pcol)];
}

bool BlacsGrid::spans(const Communicator& comm) const {
  if (comm_.raw() == MPI_COMM_NULL || comm.raw() == MPI_COMM_NULL) return false;
  int result = MPI_UNEQUAL;
  VITVMC_MPI_CHECK(MPI_Comm_compare(comm_.raw(), comm.raw(), &result));
  return result == MPI_IDENT || result == MPI_CONGRUENT;
}

void BlacsGrid::release() noexcept {
  if (context_ >= 0) scalapack::Cblacs_gridexit(context_);
  if (system_handle_ >= 0) scalapack::Cfree_blacs_system_handle(system_handle_);
  context_ = -1;
  system_handle_ = -1;
}

BlacsGrid::~BlacsGrid() { release(); }

BlacsGrid::BlacsGrid(BlacsGrid&& other) noexcept
    : comm_(std::move(other.comm_)),
      system_handle_(std::exchange(other.system_handle_, -1)),
      context_(std::exchange(other.context_, -1)),
      nprow_(other.nprow_),
      npcol_(other.npcol_),
      myrow_(std::exchange(other.myrow_, -1)),
      mycol_(std::exchange(other.mycol_, -1)),
      ranks_(std::move(other.ranks_)) {}

BlacsGrid& BlacsGrid::operator=(BlacsGrid&& other) noexcept {
  if (this != &other) {
    release();
    comm_ = std::move(other.comm_);
    system_handle_ = std::exchange(other.system_handle_, -1);
    context_ = std::exchange(other.context_, -1);
    nprow_ = other.nprow_;
    npcol_ = other.npcol_;
    myrow_ = std::exchange(other.myrow_, -1);
    mycol_ = std::exchange(other.mycol_, -1);
    ranks_ = std::move(other.ranks_);
  }
  return *this;
}

}  // namespace vitvmc
