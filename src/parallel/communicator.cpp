#include "vitvmc/parallel/communicator.hpp"

#include <utility>

#include "vitvmc/parallel/mpi_error.hpp"

namespace vitvmc {

Communicator Communicator::duplicate(MPI_Comm comm) {
  MPI_Comm dup = MPI_COMM_NULL;
  VITVMC_MPI_CHECK(MPI_Comm_dup(comm, &dup));
  MPI_Comm_set_errhandler(dup, MPI_ERRORS_RETURN);
  return Communicator(dup);
}

Communicator::~Communicator() {
  if (comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
}

Communicator::Communicator(Communicator&& other) noexcept
    : comm_(std::exchange(other.comm_, MPI_COMM_NULL)) {}

Communicator& Communicator::operator=(Communicator&& other) noexcept {
  if (this != &other) {
    if (comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
    comm_ = std::exchange(other.comm_, MPI_COMM_NULL);
  }
  return *this;
}

Communicator Communicator::split(int color, int key) const {
  MPI_Comm out = MPI_COMM_NULL;
  VITVMC_MPI_CHECK(MPI_Comm_split(comm_, color, key, &out));
  if (out != MPI_COMM_NULL) MPI_Comm_set_errhandler(out, MPI_ERRORS_RETURN);
  return Communicator(out);
}

Communicator Communicator::split_by_node() const {
  MPI_Comm out = MPI_COMM_NULL;
  VITVMC_MPI_CHECK(MPI_Comm_split_type(comm_, MPI_COMM_TYPE_SHARED, rank(), MPI_INFO_NULL, &out));
  if (out != MPI_COMM_NULL) MPI_Comm_set_errhandler(out, MPI_ERRORS_RETURN);
  return Communicator(out);
}

int Communicator::rank() const {
  int r = 0;
  VITVMC_MPI_CHECK(MPI_Comm_rank(comm_, &r));
  return r;
}

int Communicator::size() const {
  int s = 0;
  VITVMC_MPI_CHECK(MPI_Comm_size(comm_, &s));
  return s;
}

void Communicator::barrier() const { VITVMC_MPI_CHECK(MPI_Barrier(comm_)); }

}  // namespace vitvmc
