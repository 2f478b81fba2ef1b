#include "collective_check.hpp"

#include <mpi.h>

#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/parallel/mpi_error.hpp"

namespace vitvmc {

void agree_or_throw(bool ok, const std::string& message, const Communicator& comm) {
  const int mine = ok ? comm.size() : comm.rank();
  int culprit = 0;
  VITVMC_MPI_CHECK(MPI_Allreduce(&mine, &culprit, 1, MPI_INT, MPI_MIN, comm.raw()));
  if (culprit == comm.size()) return;
  int length = comm.rank() == culprit ? static_cast<int>(message.size()) : 0;
  VITVMC_MPI_CHECK(MPI_Bcast(&length, 1, MPI_INT, culprit, comm.raw()));
  std::string text = comm.rank() == culprit ? message : std::string(length, '\0');
  VITVMC_MPI_CHECK(MPI_Bcast(text.data(), length, MPI_CHAR, culprit, comm.raw()));
  if (comm.size() > 1) text = "rank " + std::to_string(culprit) + ": " + text;
  throw CheckpointError(text);
}

}  // namespace vitvmc
