#include "vitvmc/parallel/environment.hpp"

#include <cstdlib>

#include "vitvmc/parallel/mpi_error.hpp"

namespace vitvmc {
namespace {

/// Open MPI's OMPIO guards the shared file pointer of every file it opens on one node with a POSIX
/// semaphore named after the file's basename alone (sharedfp/sm: /dev/shm/sem.OMPIO_<basename>). A
/// rank killed inside MPI_File_open leaves it taken, and from then on every open of a file with
/// that name on the machine (checkpoint.h5.tmp, by any job) waits forever. vitvmc never uses shared
/// file pointers, so unless the user chose a sharedfp component, leave sm out: Open MPI then takes
/// the one its multi-node runs use (lockedfile, whose fcntl locks die with their process).
void avoid_machine_wide_file_semaphores() { setenv("OMPI_MCA_sharedfp", "^sm", /*overwrite=*/0); }

}  // namespace

MpiEnvironment::MpiEnvironment(int& argc, char**& argv) {
  avoid_machine_wide_file_semaphores();
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
