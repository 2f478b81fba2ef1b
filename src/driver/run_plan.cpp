#include "vitvmc/driver/run_plan.hpp"

#include "vitvmc/model/factory.hpp"
#include "vitvmc/model/symmetrized.hpp"

namespace vitvmc {

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

}  // namespace vitvmc
