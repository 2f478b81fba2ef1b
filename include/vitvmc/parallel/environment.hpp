#pragma once
/// \file environment.hpp
/// MpiEnvironment: RAII over MPI_Init_thread / MPI_Finalize. Built once, in main() of apps and
/// tests. The only place that names MPI_COMM_WORLD.

#include "vitvmc/parallel/communicator.hpp"

namespace vitvmc {

class MpiEnvironment {
 public:
  MpiEnvironment(int& argc, char**& argv);
  ~MpiEnvironment();
  MpiEnvironment(const MpiEnvironment&) = delete;
  MpiEnvironment& operator=(const MpiEnvironment&) = delete;

  /// A duplicate of MPI_COMM_WORLD, owned by the environment.
  Communicator& world() { return world_; }

  /// Ends every rank at once with `exit_code` (MPI_Abort on the world). Used when one rank fails
  /// alone.
  [[noreturn]] static void abort_all(int exit_code);

 private:
  Communicator world_;
};

}  // namespace vitvmc
