#include "vitvmc/driver/memory_budget.hpp"

#include <mpi.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <string>

#include "vitvmc/model/factory.hpp"
#include "vitvmc/model/symmetrized.hpp"
#include "vitvmc/parallel/mpi_error.hpp"
#include "vitvmc/util/byte_size.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/proc_memory.hpp"

namespace vitvmc {
namespace {

/// The cgroup memory limit (v2 memory.max, else v1 limit_in_bytes); infinity when none.
double cgroup_limit_bytes() {
  for (const char* path :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") continue;
    try {
      const double v = std::stod(text);
      if (v > 0) return v;
    } catch (...) {
    }
  }
  return std::numeric_limits<double>::infinity();
}

int ranks_on_this_node(const Communicator& comm) {
  MPI_Comm node = MPI_COMM_NULL;
  VITVMC_MPI_CHECK(
      MPI_Comm_split_type(comm.raw(), MPI_COMM_TYPE_SHARED, comm.rank(), MPI_INFO_NULL, &node));
  int size = 1;
  VITVMC_MPI_CHECK(MPI_Comm_size(node, &size));
  VITVMC_MPI_CHECK(MPI_Comm_free(&node));
  return size;
}

double allreduce(double v, MPI_Op op, const Communicator& comm) {
  double out = v;
  VITVMC_MPI_CHECK(MPI_Allreduce(&v, &out, 1, MPI_DOUBLE, op, comm.raw()));
  return out;
}

}  // namespace

PlanInputs plan_inputs(const RunContext& ctx, const RunConfig& config, const WaveFunction& psi) {
  PlanInputs in;
  in.n_params = psi.n_params();
  in.sample_rows = ctx.exact ? ctx.exact->size() : config.sampler.samples;
  in.forward_flops = psi.forward_flops_per_sample();
  if (const auto* sym = dynamic_cast<const SymmetrizedWaveFunction*>(&psi))
    in.symmetry_images = sym->group().size();
  return in;
}

ResourcePlan plan_run(const RunContext& ctx, int ranks) {
  const auto plan_of = [&](const RunConfig& config) {
    const auto psi = make_wave_function(ctx.lattice, ctx.bonds, config.model);
    return plan_resources(config, ranks, plan_inputs(ctx, config, *psi));
  };
  if (ctx.stages.empty()) return plan_of(ctx.config);
  ResourcePlan largest;
  for (std::size_t k = 0; k < ctx.stages.size(); ++k) {
    const OptimizerStage& stage = ctx.stages[k];
    RunConfig config = ctx.config;
    config.model.symmetrize = stage.symmetrize;
    if (stage.samples) config.sampler.samples = *stage.samples;
    ResourcePlan plan = plan_of(config);
    plan.stage = static_cast<Index>(k) + 1;
    if (k == 0 || plan.peak_bytes_per_rank > largest.peak_bytes_per_rank) largest = std::move(plan);
  }
  return largest;
}

double memory_per_rank(const RunConfig& config, const Communicator& comm) {
  double budget = 0;
  if (const std::optional<double> bytes = memory_per_rank_bytes(config.run)) {
    budget = *bytes;
  } else {
    const double node = std::min(proc_kb_field("/proc/meminfo", "MemTotal"), cgroup_limit_bytes());
    budget = node > 0 ? node / ranks_on_this_node(comm) : std::numeric_limits<double>::infinity();
  }
  return allreduce(budget, MPI_MIN, comm);
}

void check_memory_budget(const ResourcePlan& plan, double budget) {
  if (plan.peak_bytes_per_rank <= budget) return;
  const PlanObject& big = plan.largest_in_peak();
  throw InvalidInput(
      "--run.memory_per_rank",
      "the run needs about " + format_bytes(plan.peak_bytes_per_rank) + " per rank (in " +
          plan.peak_phase +
          (plan.stage > 0 ? " of --optimizer.stages stage " + std::to_string(plan.stage) : "") +
          ") but the budget is " + format_bytes(budget) + " per rank. The largest object is " +
          big.name + " (" + format_bytes(big.bytes) + ": " + big.what + "); shrink it with " +
          big.shrink +
          ". See the whole plan with --plan; raise the budget with --run.memory_per_rank");
}

double max_peak_resident_bytes(const Communicator& comm) {
  return allreduce(peak_resident_bytes(), MPI_MAX, comm);
}

}  // namespace vitvmc
