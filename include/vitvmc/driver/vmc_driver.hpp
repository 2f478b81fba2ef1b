#pragma once
/// \file vmc_driver.hpp
/// The run loop: warm-up, then sample -> estimate -> solve -> update -> report, step after step,
/// with the job's after-step policy (checkpoints, stops) deciding between steps; the final
/// measurement.

#include <chrono>
#include <string>

#include "vitvmc/driver/init_from.hpp"
#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/driver/vmc_step.hpp"
#include "vitvmc/job/resource_plan.hpp"

namespace vitvmc {

/// A run ready to start: fresh state, or the state restored from a checkpoint.
struct PreparedRun {
  VmcState state;
  std::string restart_path;                 ///< "" for a fresh start
  bool chains_restored = false;             ///< chains continue exactly (no new warm-up)
  std::optional<InitFromRecord> init_from;  ///< --init.from: where the parameters came from
  /// When preparation began: --run.walltime counts from here.
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

/// Builds the initial state and applies --restart (collective). Everything that can refuse the
/// input (InvalidInput, CheckpointError) happens here, before anything in output.dir is touched,
/// and every rank reaches the same verdict.
PreparedRun prepare_run(const RunContext& ctx);

/// Runs the study: warm-up, steps with progress lines, run log and checkpoints, stop on signals,
/// final measurement and summary.json (collective). `plan` is the memory plan the caller checked
/// the budget with (plan_run of ctx): the start-up line reports it, so it is built once per run.
/// Returns the final estimate.
EnergyEstimate run_vmc(const RunContext& ctx, PreparedRun run, const ResourcePlan& plan);

/// Energy of the current state from `samples_total` fresh samples (no update; collective).
EnergyEstimate measure_energy(VmcState& state, const RunContext& ctx, Index samples_total);

}  // namespace vitvmc
