#include "vitvmc/driver/vmc_driver.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "vitvmc/driver/checkpointing.hpp"
#include "vitvmc/driver/init_attention_maps.hpp"
#include "vitvmc/driver/run_report.hpp"
#include "vitvmc/driver/stage_switch.hpp"
#include "vitvmc/job/after_step.hpp"
#include "vitvmc/job/phase_trace.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/timer.hpp"

namespace vitvmc {
namespace {

// Sweeps new (or re-powered) chains to equilibrium before the first step.
void warm_up(VmcState& state, const RunContext& ctx, bool chains_restored) {
  if (state.chains && !chains_restored)
    ctx.sampler.sweep(*state.chains, *state.psi, ctx.config.sampler.warmup);
}

// Writes the checkpoint of this step (collective); returns the seconds it took.
double write_checkpoint(VmcState& state, const RunContext& ctx) {
  const auto start = std::chrono::steady_clock::now();
  ScopedTimer timer(state.timers, Phase::kIo);
  trace_phase(ctx.comm.rank(), "checkpoint");
  save_checkpoint(state, ctx);
  trace_phase(ctx.comm.rank(), "other");
  return seconds_since(start);
}

// The run's own final estimate: fresh samples when --measure.samples asks, else the last step's.
EnergyEstimate final_estimate(VmcState& state, const RunContext& ctx, const RunReport& report) {
  const Index samples = ctx.config.measure.samples;
  return samples > 0 ? measure_energy(state, ctx, samples) : report.last();
}

}  // namespace

EnergyEstimate measure_energy(VmcState& state, const RunContext& ctx, Index samples_total) {
  PhaseTimers t;
  const Index chains = ctx.config.sampler.chains;
  const Index per_chain_total = ctx.config.sampler.type == SamplerKind::metropolis
                                    ? ((samples_total + chains - 1) / chains) * chains
                                    : samples_total;
  SampleBatch batch = draw_samples(state, ctx, per_chain_total, t);
  const ComplexVector e_loc = compute_local_energies(batch, ctx, *state.psi, t);
  EnergyEstimate e = estimate_energy(batch, e_loc, ctx, t);
  state.timers += t;
  return e;
}

PreparedRun prepare_run(const RunContext& ctx) {
  const auto started = std::chrono::steady_clock::now();
  const RunConfig& c = ctx.config;
  require_input(
      c.sampler.type == SamplerKind::exact || c.sampler.chains >= ctx.comm.size(),
      "--sampler.chains",
      "must be at least the number of MPI ranks (" + std::to_string(ctx.comm.size()) + ")");
  PreparedRun run{make_initial_state(ctx), resolve_restart_path(ctx), false, std::nullopt, started};
  if (!run.restart_path.empty()) {
    run.chains_restored = restore_checkpoint(run.state, ctx, run.restart_path);
    run.init_from = init_from_of_config(ctx);  // transferred at step 0, continued since
  } else if (!c.init.attention_maps.empty()) {
    run.init_from = apply_init_attention_maps(run.state, ctx);
  } else if (!c.init.from.empty()) {
    run.init_from = apply_init_from(run.state, ctx);
  }
  return run;
}

EnergyEstimate run_vmc(const RunContext& ctx, PreparedRun run, const ResourcePlan& plan) {
  VmcState& state = run.state;
  enter_stage(state, ctx);  // a restart resumes in the stage of its step
  const std::unique_ptr<SrSolver> solver = choose_sr_solver(ctx, state.psi->n_params());
  RunReport report(ctx, run, plan, *solver);
  warm_up(state, ctx, run.chains_restored);
  AfterStepPolicy job(run.started, ctx.config);
  while (state.step < ctx.config.optimizer.steps) {
    if (enter_stage(state, ctx)) report.stage_started(state);
    const auto started = std::chrono::steady_clock::now();
    const VmcStepResult r = vmc_step(state, ctx, *solver);  // sample, estimate, solve, update
    const double seconds = seconds_since(started);
    report.step_done(state, r, seconds);
    const AfterStep next =
        job.decide(state.step, state.optimizer.consecutive_rejections, seconds, ctx.comm);
    if (next.checkpoint) job.checkpoint_written(write_checkpoint(state, ctx));
    if (next.stop == AfterStep::Stop::rejections)
      throw std::runtime_error(job.stop_message(next, state.step));
    if (next.stop != AfterStep::Stop::none) {
      report.info(job.stop_message(next, state.step));
      return report.last();
    }
  }
  return report.finish(state, final_estimate(state, ctx, report));
}

}  // namespace vitvmc
