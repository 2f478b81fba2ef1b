#include "vitvmc/driver/stage_switch.hpp"

#include "vitvmc/model/factory.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

const OptimizerStage* current_stage(const RunContext& ctx, Index completed) {
  if (ctx.stages.empty()) return nullptr;
  return &ctx.stages[static_cast<std::size_t>(stage_index(ctx.stages, completed))];
}

Index stage_number(const RunContext& ctx, Index completed) {
  return ctx.stages.empty() ? 1 : stage_index(ctx.stages, completed) + 1;
}

std::string stage_label(const RunContext& ctx, Index completed) {
  const OptimizerStage* stage = current_stage(ctx, completed);
  if (!stage) return "";
  return std::to_string(stage_number(ctx, completed)) + "/" + std::to_string(ctx.stages.size()) +
         " " + std::string(name_of(stage->symmetrize));
}

ModelConfig stage_model(const RunContext& ctx, Index completed) {
  ModelConfig model = ctx.config.model;
  if (const OptimizerStage* stage = current_stage(ctx, completed))
    model.symmetrize = stage->symmetrize;
  return model;
}

bool enter_stage(VmcState& state, const RunContext& ctx) {
  const ModelConfig model = stage_model(ctx, state.step);
  if (model.symmetrize == state.symmetrize) return false;
  std::unique_ptr<WaveFunction> psi = make_wave_function(ctx.lattice, ctx.bonds, model);
  VITVMC_REQUIRE(psi->n_params() == state.psi->n_params(),
                 "a stage switch must keep the parameter count");
  psi->parameters().values() = state.psi->parameters().values();
  if (ctx.exact) ctx.exact->verify_invariance(*psi);
  state.psi = std::move(psi);
  state.symmetrize = model.symmetrize;
  return true;
}

}  // namespace vitvmc
