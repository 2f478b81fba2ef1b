#include "vitvmc/driver/checkpointing.hpp"

#include <filesystem>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/checkpoint_compat.hpp"
#include "vitvmc/io/checkpoint_files.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

RealVector scalar(Real v) { return RealVector::Constant(1, v); }

std::map<std::string, RealVector> optimizer_fields(const OptimizerState& o) {
  return {{"shift_boost", scalar(o.shift_boost)},
          {"consecutive_rejections", scalar(static_cast<Real>(o.consecutive_rejections))},
          {"spring_momentum", o.spring_momentum},
          {"adam_first_moment", o.adam.first_moment},
          {"adam_second_moment", o.adam.second_moment},
          {"adam_steps", scalar(static_cast<Real>(o.adam.steps))},
          {"previous_theta", o.previous_theta}};
}

const RealVector& field(const CheckpointData& c, const std::string& name) {
  const auto it = c.optimizer_state.find(name);
  if (it == c.optimizer_state.end())
    throw CheckpointError("checkpoint has no optimizer_state/" + name);
  return it->second;
}

void restore_optimizer(OptimizerState& o, const CheckpointData& c) {
  o.shift_boost = field(c, "shift_boost")(0);
  o.consecutive_rejections = static_cast<Index>(field(c, "consecutive_rejections")(0));
  o.spring_momentum = field(c, "spring_momentum");
  o.adam.first_moment = field(c, "adam_first_moment");
  o.adam.second_moment = field(c, "adam_second_moment");
  o.adam.steps = static_cast<Index>(field(c, "adam_steps")(0));
  o.previous_theta = field(c, "previous_theta");
}

}  // namespace

void save_checkpoint(const VmcState& state, const RunContext& ctx) {
  CheckpointData c;
  c.config_echo = ctx.config_echo;
  c.step = state.step;
  c.theta = state.psi->parameters().values();
  c.layout = state.psi->parameters().slices();
  c.optimizer_state = optimizer_fields(state.optimizer);
  for (std::size_t i = 0; i < kPhaseNames.size(); ++i)
    c.timers[std::string(kPhaseNames[i])] = state.timers.seconds[i];
  c.n_sites = ctx.lattice.n_sites();
  if (state.chains) {
    const ChainSet& chains = *state.chains;
    c.n_chains_total = ctx.config.sampler.chains;
    c.first_chain = chains.first();
    c.configs = chains.configs();
    // The chains' cache holds log psi under the parameters of the last sampling, before the update
    // that produced theta; the file stores values consistent with theta (the sampler recomputes
    // its cache at the start of every step anyway, so restarts do not depend on them).
    c.log_psi = chains.count() > 0 ? state.psi->log_psi(chains.configs()) : ComplexVector();
    c.rng_counters = chains.rng_counters();
    c.sampler_seed = chains.seed();
  } else {
    c.configs.resize(0, c.n_sites);
  }
  try {
    write_checkpoint(ctx.config.output.dir, c, ctx.config.output.keep, ctx.comm);
  } catch (const CheckpointError& e) {
    // Checkpoints are published atomically: a failed write never touches the last good one.
    throw CheckpointError("checkpoint of step " + std::to_string(state.step) +
                          " not written (the previous checkpoint.h5 is intact): " + e.what());
  }
}

std::string resolve_restart_path(const RunContext& ctx) {
  const std::string& restart = ctx.config.restart;
  const std::string dir = ctx.config.output.dir;
  const RestartFrom from = restart_from(restart);
  if (from == RestartFrom::latest) return latest_checkpoint(dir);
  if (from == RestartFrom::fresh) {
    require_input(!std::filesystem::exists(checkpoint_path(dir)), "--restart",
                  "output directory '" + dir +
                      "' already holds checkpoint.h5: continue it with --restart auto, or choose "
                      "another --output.dir");
    return "";
  }
  require_input(std::filesystem::exists(restart), "--restart",
                "no checkpoint file '" + restart + "' (give a path, or 'auto')");
  return restart;
}

void require_same_problem(const CheckpointData& checkpoint, const WaveFunction& psi,
                          const RunConfig& config) {
  RunConfig saved;
  try {
    saved = run_config_from_echo(checkpoint.config_echo);
  } catch (const InvalidInput& e) {
    throw CheckpointError("its configuration echo does not read back: " + std::string(e.what()));
  }
  validate_compatible(checkpoint, psi.parameters().slices(), restart_compatibility_fields(saved),
                      restart_compatibility_fields(config));
}

bool restore_checkpoint(VmcState& state, const RunContext& ctx, const std::string& path) {
  const Index chains = state.chains ? ctx.config.sampler.chains : 0;
  const auto [first, count] = block_chain_range(chains, ctx.comm.rank(), ctx.comm.size());
  CheckpointData c = read_checkpoint(path, 0, 0, ctx.comm);
  try {
    require_same_problem(c, *state.psi, ctx.config);
  } catch (const CheckpointError& e) {
    throw CheckpointError(path + ": " + e.what());  // name the file the user gave
  }
  const bool same_chains = state.chains && c.n_chains_total == chains;
  if (same_chains) c = read_checkpoint(path, first, count, ctx.comm);

  state.psi->parameters().values() = c.theta;
  state.step = c.step;
  restore_optimizer(state.optimizer, c);
  for (std::size_t i = 0; i < kPhaseNames.size(); ++i) {
    const auto it = c.timers.find(std::string(kPhaseNames[i]));
    if (it != c.timers.end()) state.timers.seconds[i] = it->second;
  }
  if (same_chains) {
    state.chains.emplace(ctx.lattice.n_sites(), first, count, c.sampler_seed);
    state.chains->restore(c.configs, c.log_psi, c.rng_counters);
  }
  return same_chains;
}

}  // namespace vitvmc
