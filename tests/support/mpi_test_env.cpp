#include "vitvmc/support/mpi_test_env.hpp"

#include <stdexcept>

namespace vitvmc::testing_support {
namespace {
Communicator* g_world = nullptr;  // test-harness only: the MPI test main owns the environment
}
void set_world(Communicator* world) { g_world = world; }
Communicator& world() {
  if (!g_world) throw std::logic_error("world() used outside the MPI test main");
  return *g_world;
}
}  // namespace vitvmc::testing_support
