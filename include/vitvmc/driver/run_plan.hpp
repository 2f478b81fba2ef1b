#pragma once
/// \file run_plan.hpp
/// The memory and FLOP plan (job/resource_plan.hpp) of this run: its inputs read off the models the
/// run builds, stage by stage.

#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/job/resource_plan.hpp"

namespace vitvmc {

/// PlanInputs of `config` (this run's, or one stage's): P, sample rows, forward FLOPs and |G| from
/// the model `psi` built for it.
PlanInputs plan_inputs(const RunContext& ctx, const RunConfig& config, const WaveFunction& psi);

/// The plan of this run on `ranks` ranks. With an --optimizer.stages plan, the plan of the stage
/// that needs the most memory per rank (ResourcePlan::stage names it): a stage may raise the
/// sample count and the symmetrisation, and the run must fit in its largest stage.
ResourcePlan plan_run(const RunContext& ctx, int ranks);

}  // namespace vitvmc
