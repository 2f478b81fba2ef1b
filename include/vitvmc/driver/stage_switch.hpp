#pragma once
/// \file stage_switch.hpp
/// Runs an --optimizer.stages plan: which stage the next step belongs to, and the switch of the
/// symmetrisation wrapper between stages (same parameters, a different projection).

#include <string>

#include "vitvmc/config/stages.hpp"
#include "vitvmc/driver/run_context.hpp"

namespace vitvmc {

/// The stage that runs the step after `completed` steps; nullptr without a plan.
const OptimizerStage* current_stage(const RunContext& ctx, Index completed);

/// 1-based number of that stage (1 without a plan), for the log.
Index stage_number(const RunContext& ctx, Index completed);

/// "2/3 lattice" for progress lines; "" without a plan.
std::string stage_label(const RunContext& ctx, Index completed);

/// Model configuration of the step after `completed` steps.
ModelConfig stage_model(const RunContext& ctx, Index completed);

/// Rebuilds state.psi at the symmetrisation of the current stage when it differs, keeping theta
/// (the wrapper shares the inner model's parameters, so the count and layout are unchanged).
/// Returns true when it switched. The Markov chains need nothing: the sampler recomputes their
/// log psi at the start of every step.
bool enter_stage(VmcState& state, const RunContext& ctx);

}  // namespace vitvmc
