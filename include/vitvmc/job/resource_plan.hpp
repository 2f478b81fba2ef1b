#pragma once
/// \file resource_plan.hpp
/// The memory and cost plan of a run, before it runs: per rank, the bytes of every large object the
/// code allocates (sizes read off the allocations in model/, estimator/, driver/, sr/ and
/// parallel/) and which of them are alive at once in each phase of a step, plus the FLOPs of every
/// phase. Plain arithmetic on RunConfig and a rank count: no MPI, no model evaluation, so
/// `vmc_dist --plan --plan.ranks 256` answers on one process. docs/memory-plan.md checks it
/// against measured VmHWM.

#include <string>
#include <vector>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// What the plan needs beyond RunConfig, read off the built model and sampler by the caller.
struct PlanInputs {
  Index n_params = 0;         ///< P, real parameters
  Index sample_rows = 0;      ///< global sample rows of one step: M, or the sector size (exact)
  double forward_flops = 0;   ///< FLOPs of one forward pass of one configuration (0: unknown)
  Index symmetry_images = 1;  ///< |G| of a symmetrised model (1: none)
  double runtime_bytes = 0;   ///< resident size of an idle rank (libraries, MPI); 0: default
};

/// One large object: the most any rank holds of it.
struct PlanObject {
  std::string name;
  double bytes = 0;
  std::string what;    ///< what it is and how it scales
  std::string shrink;  ///< the options that make it smaller
};

/// One phase of a step: the objects alive together, their sum, and the FLOPs per step.
struct PlanPhase {
  std::string name;
  std::vector<std::string> live;
  double bytes = 0;        ///< per rank, runtime included
  double flops_total = 0;  ///< per step, summed over ranks
  bool fallback = false;   ///< only when Cholesky fails (pdsyevd route)
};

struct ResourcePlan {
  int ranks = 1;
  int nprow = 1, npcol = 1;  ///< the SR process grid
  Index n_params = 0;
  Index sample_rows = 0;    ///< global M (or sector size)
  Index rows_per_rank = 0;  ///< the largest rank's sample rows
  Index sr_rows = 0;        ///< 2 M: rows of X
  /// How the step is solved: kernel | parameter (auto resolved), or adam (no SR system).
  enum class Solve { kernel, parameter, adam } solve = Solve::kernel;
  /// The option text of `solve` ("kernel", "parameter", "adam"), as --plan prints it.
  std::string solver() const;
  std::vector<PlanObject> objects;
  std::vector<PlanPhase> phases;
  double peak_bytes_per_rank = 0;  ///< max over the regular phases
  std::string peak_phase;
  double fallback_peak_bytes_per_rank = 0;  ///< the pdsyevd fallback of a failed Cholesky
  Index stage = 0;  ///< 1-based --optimizer.stages stage planned (the largest); 0 without a plan

  const PlanObject& object(const std::string& name) const;
  /// The largest object alive in the peak phase (the one to shrink first).
  const PlanObject& largest_in_peak() const;
};

/// Default resident size of an idle rank when PlanInputs::runtime_bytes is 0 (measured, see
/// docs/memory-plan.md: VmHWM of a 4x4 run with a 1.5 k-parameter model).
inline constexpr double kDefaultRuntimeBytes = 48.0 * 1024 * 1024;

/// The plan of `config` on `ranks` ranks. Throws InvalidInput (--plan.ranks) for ranks < 1.
ResourcePlan plan_resources(const RunConfig& config, int ranks, const PlanInputs& inputs);

/// Human-readable table (objects, then phases).
std::string plan_table(const ResourcePlan& plan);
/// One JSON line: ranks, grid, stage, peak_bytes_per_rank, peak_phase,
/// fallback_peak_bytes_per_rank, objects {name: bytes}, live {phase: bytes}, flops_per_step {phase:
/// flops}.
std::string plan_json(const ResourcePlan& plan);

/// "1.23 GiB" style text.
std::string format_bytes(double bytes);

}  // namespace vitvmc
