#include "vitvmc/driver/run_context.hpp"

#include <algorithm>

#include "vitvmc/driver/stage_switch.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/util/block_partition.hpp"

namespace vitvmc {

RunContext::RunContext(const RunConfig& run_config, std::string echo,
                       const Communicator& communicator)
    : config(run_config),
      config_echo(std::move(echo)),
      lattice(run_config.lattice.lx, run_config.lattice.ly),
      bonds(lattice_bonds(lattice, run_config.lattice.type,
                          uses_checkerboard_sign(run_config.lattice))),
      hamiltonian(bonds, run_config.lattice.j1, run_config.lattice.j2,
                  uses_marshall_sign(run_config.lattice)),
      sampler(bonds,
              MoveMixture{run_config.sampler.j1_moves, run_config.sampler.j2_moves,
                          run_config.sampler.pair_moves},
              run_config.sampler.psi_power),
      learning_rate{run_config.optimizer.schedule, run_config.optimizer.lr,
                    run_config.optimizer.final_lr_fraction,
                    std::max<Index>(run_config.optimizer.steps, 1)},
      diag_shift{run_config.optimizer.shift_schedule, run_config.optimizer.diag_shift,
                 run_config.optimizer.final_shift_fraction,
                 std::max<Index>(run_config.optimizer.steps, 1)},
      stages(parse_stages(run_config.optimizer.stages)),
      comm(communicator) {
  if (config.sampler.type == SamplerKind::exact) {
    // Orbits need a symmetry every stage's model has: an unsymmetrised stage has the fewest.
    ModelConfig weakest = config.model;
    if (std::any_of(stages.begin(), stages.end(),
                    [](const OptimizerStage& s) { return s.symmetrize == SymmetryLevel::none; }))
      weakest.symmetrize = SymmetryLevel::none;
    else if (!stages.empty())
      weakest.symmetrize = stages.front().symmetrize;
    exact.emplace(lattice, invariant_translations(lattice, bonds, weakest));
  }
}

VmcState make_initial_state(const RunContext& ctx) {
  VmcState state;
  const ModelConfig model = stage_model(ctx, 0);
  state.psi = make_wave_function(ctx.lattice, ctx.bonds, model);
  state.symmetrize = model.symmetrize;
  if (ctx.exact) ctx.exact->verify_invariance(*state.psi);
  if (ctx.config.sampler.type == SamplerKind::metropolis) {
    const auto [first, count] =
        block_partition(ctx.config.sampler.chains, ctx.comm.rank(), ctx.comm.size());
    state.chains.emplace(ctx.lattice.n_sites(), first, count, ctx.config.sampler.seed);
  }
  return state;
}

}  // namespace vitvmc
