#pragma once
/// \file memory_budget.hpp
/// The memory plan applied to a job: the budget per rank (--run.memory_per_rank, or node memory /
/// ranks on the node), the start-up refusal of an over-budget run, and the measured peak (VmHWM)
/// the plan is checked against.

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/job/resource_plan.hpp"
#include "vitvmc/parallel/communicator.hpp"

namespace vitvmc {

/// Bytes a rank may use: --run.memory_per_rank, or (auto) min(MemTotal, cgroup limit) divided by
/// the ranks sharing the node; the minimum over all ranks, so every rank reaches one verdict.
double memory_per_rank(const RunConfig& config, const Communicator& comm);

/// Throws InvalidInput naming --run.memory_per_rank, the largest object and the options that
/// shrink it when the plan's peak exceeds `budget`.
void check_memory_budget(const ResourcePlan& plan, double budget);

/// The largest VmHWM over the ranks of `comm`.
double max_peak_resident_bytes(const Communicator& comm);

}  // namespace vitvmc
