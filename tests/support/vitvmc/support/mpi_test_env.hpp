#pragma once
// Access to the world communicator from MPI tests (set by tests/support/main_mpi.cpp).
#include "vitvmc/parallel/communicator.hpp"

namespace vitvmc::testing_support {
void set_world(Communicator* world);
/// The test run's world communicator; valid only inside tests linked with the MPI main.
Communicator& world();
}  // namespace vitvmc::testing_support
