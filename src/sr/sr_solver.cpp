#include "vitvmc/sr/sr_solver.hpp"

#include "vitvmc/sr/kernel_sr.hpp"
#include "vitvmc/sr/parameter_sr.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

std::unique_ptr<SrSolver> make_sr_solver(SolverChoice kind, const SrSolverOptions& options) {
  require_input(options.block_size > 0, "--sr.block_size", "must be positive");
  switch (kind) {
    case SolverChoice::kernel:
      return std::make_unique<KernelSrSolver>(options);
    case SolverChoice::parameter:
      return std::make_unique<ParameterSrSolver>(options);
    case SolverChoice::automatic:
      break;
  }
  VITVMC_REQUIRE(false, "make_sr_solver needs a resolved solver kind");
}

}  // namespace vitvmc
