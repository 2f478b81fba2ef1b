#pragma once
/// \file memory_budget.hpp
/// The memory plan applied to a live run: its inputs read off the built model, the budget per rank
/// (--run.memory_per_rank, or node memory / ranks on the node), the start-up refusal of an
/// over-budget run, and the measured peak (VmHWM) it is checked against.

#include "vitvmc/driver/resource_plan.hpp"
#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/util/proc_memory.hpp"

namespace vitvmc {

/// PlanInputs of `config` (this run's, or one stage's): P, sample rows, forward FLOPs and |G| from
/// the model `psi` built for it.
PlanInputs plan_inputs(const RunContext& ctx, const RunConfig& config, const WaveFunction& psi);

/// The plan of this run on `ranks` ranks. With an --optimizer.stages plan, the plan of the stage
/// that needs the most memory per rank (ResourcePlan::stage names it): a stage may raise the
/// sample count and the symmetrisation, and the run must fit in its largest stage.
ResourcePlan plan_run(const RunContext& ctx, int ranks);

/// Bytes a rank may use: --run.memory_per_rank, or (auto) min(MemTotal, cgroup limit) divided by
/// the ranks sharing the node; the minimum over all ranks, so every rank reaches one verdict.
double memory_per_rank(const RunConfig& config, const Communicator& comm);

/// Throws InvalidInput naming --run.memory_per_rank, the largest object and the options that
/// shrink it when the plan's peak exceeds `budget`.
void check_memory_budget(const ResourcePlan& plan, double budget);

/// The largest VmHWM over the ranks of `comm`.
double max_peak_resident_bytes(const Communicator& comm);

}  // namespace vitvmc
