#include "vitvmc/sr/sr_solver.hpp"

#include "vitvmc/sr/kernel_sr.hpp"
#include "vitvmc/sr/parameter_sr.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

std::unique_ptr<SrSolver> make_sr_solver(const std::string& kind, const SrSolverOptions& options) {
  require_input(options.block_size > 0, "--sr.block_size", "must be positive");
  if (kind == "kernel") return std::make_unique<KernelSrSolver>(options);
  if (kind == "parameter") return std::make_unique<ParameterSrSolver>(options);
  throw InvalidInput("--optimizer.solver", "expected kernel or parameter, got '" + kind + "'");
}

}  // namespace vitvmc
