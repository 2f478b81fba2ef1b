#include "vitvmc/parallel/environment.hpp"

#include <cstdlib>

#include "vitvmc/parallel/mpi_error.hpp"

namespace vitvmc {

MpiEnvironment::MpiEnvironment(int& argc, char**& argv) {
  int provided = 0;
  VITVMC_MPI_CHECK(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided));
  // Errors come back as codes (and become exceptions) instead of aborting inside MPI.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  world_ = Communicator::duplicate(MPI_COMM_WORLD);
}

MpiEnvironment::~MpiEnvironment() {
  world_ = Communicator();
  MPI_Finalize();
}

void MpiEnvironment::abort_all(int exit_code) {
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::exit(exit_code);
}

}  // namespace vitvmc
