#include "vitvmc/driver/vmc_driver.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/driver/attention_log.hpp"
#include "vitvmc/driver/checkpointing.hpp"
#include "vitvmc/driver/init_attention_maps.hpp"
#include "vitvmc/driver/memory_budget.hpp"
#include "vitvmc/driver/phase_trace.hpp"
#include "vitvmc/driver/progress_log.hpp"
#include "vitvmc/driver/run_clock.hpp"
#include "vitvmc/driver/stage_switch.hpp"
#include "vitvmc/driver/stop_signal.hpp"
#include "vitvmc/driver/traffic_summary.hpp"
#include "vitvmc/estimator/local_energy.hpp"
#include "vitvmc/io/run_log.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/lattice/lattice_kind.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

std::string run_header(const RunContext& ctx, const VmcState& state, const SrSolver* solver) {
  const RunConfig& c = ctx.config;
  std::ostringstream h;
  h << "vitvmc: " << c.lattice.lx << "x" << c.lattice.ly << " "
    << lattice_definition(c.lattice.type).title << " (J1 = " << c.lattice.j1
    << ", J2 = " << c.lattice.j2 << (uses_marshall_sign(c.lattice) ? ", Marshall sign" : "")
    << "), " << ctx.comm.size() << " ranks\n"
    << "model: " << state.psi->describe() << ", " << state.psi->n_params() << " parameters\n"
    << "sampler: " << c.sampler.type;
  if (c.sampler.type == SamplerKind::metropolis)
    h << ", " << c.sampler.chains << " chains, " << c.sampler.samples << " samples/step";
  h << "\noptimizer: " << c.optimizer.method;
  if (c.optimizer.method == OptimizerMethod::sr && solver)
    h << " (" << solver->name() << " solver)";
  h << ", lr " << c.optimizer.lr << " (" << c.optimizer.schedule << "), shift "
    << c.optimizer.diag_shift << ", " << c.optimizer.steps << " steps";
  if (!ctx.stages.empty())
    h << "\nstages: " << c.optimizer.stages << " (now stage " << stage_label(ctx, state.step)
      << ")";
  h << "\noutput: " << c.output.dir;
  return h.str();
}

// The HDF5 time series lives on rank 0 only.
std::optional<RunLog> open_run_log(const RunContext& ctx, Index resume_step) {
  if (ctx.comm.rank() != 0) return std::nullopt;
  const std::string path = (std::filesystem::path(ctx.config.output.dir) / "log.h5").string();
  std::vector<RunLogColumn> columns = standard_log_columns();
  for (RunLogColumn& c : attention_log_columns(ctx)) columns.push_back(std::move(c));
  return RunLog::open(path, columns, resume_step);
}

void append_log_row(std::optional<RunLog>& run_log, Index step, const VmcStepResult& r,
                    std::map<std::string, double> row) {
  if (!run_log) return;
  const EnergyEstimate& e = r.estimate;
  row.insert({{"energy", e.energy_per_site},
              {"energy_error", e.error_per_site},
              {"variance", e.variance},
              {"v_score", e.v_score},
              {"acceptance", e.acceptance},
              {"r_hat", e.r_hat},
              {"tau", e.tau},
              {"effective_samples", e.effective_samples},
              {"delta_norm", r.delta_norm},
              {"shift", r.diag_shift},
              {"learning_rate", r.learning_rate},
              {"stage", static_cast<double>(r.stage)}});
  for (std::size_t i = 0; i < kPhaseNames.size(); ++i)
    row["time_" + std::string(kPhaseNames[i])] = r.timers.seconds[i];
  run_log->append(step, row);
}

std::string walltime_stop_message(const RunClock& clock, const RunConfig& c, Index step) {
  std::ostringstream m;
  m << "walltime: " << clock.elapsed() << " s of " << c.run.walltime << " used, steps take up to "
    << clock.longest_step() << " s: checkpoint of step " << step << " written to " << c.output.dir
    << "; resubmit with --restart auto to continue";
  return m.str();
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
  const auto start = std::chrono::steady_clock::now();
  const ProgressLog log(ctx.comm);
  const RunConfig& c = ctx.config;
  VmcState& state = run.state;
  const std::string& restart_path = run.restart_path;
  const bool chains_restored = run.chains_restored;
  if (ctx.comm.rank() == 0) std::filesystem::create_directories(c.output.dir);
  ctx.comm.barrier();
  enter_stage(state, ctx);  // a restart resumes in the stage of its step
  std::unique_ptr<SrSolver> solver = choose_sr_solver(ctx, state.psi->n_params());
  log.info(run_header(ctx, state, solver.get()));
  if (run.init_from) log.info(run.init_from->describe());
  const std::string of_stage = plan.stage > 0 ? " of stage " + std::to_string(plan.stage) : "";
  log.info("memory plan: peak " + format_bytes(plan.peak_bytes_per_rank) + " per rank in " +
           plan.peak_phase + of_stage + " (largest object " + plan.largest_in_peak().name +
           "; vmc_dist --plan shows all)");
  if (!restart_path.empty())
    log.info(
        "restarted from " + restart_path + " at step " + std::to_string(state.step) +
        (chains_restored || !state.chains ? "" : " (chain count changed: new chains, warmed up)"));
  if (state.chains && !chains_restored)
    ctx.sampler.sweep(*state.chains, *state.psi, c.sampler.warmup);
  std::optional<RunLog> run_log = open_run_log(ctx, restart_path.empty() ? -1 : state.step);
  install_stop_signal_handlers();
  RunClock clock(run.started, walltime_seconds(c.run.walltime), 60 * c.output.checkpoint_minutes);

  EnergyEstimate last;
  CollectiveTraffic last_step_traffic;
  while (state.step < c.optimizer.steps) {
    if (enter_stage(state, ctx))
      log.info("stage " + stage_label(ctx, state.step) + " from step " +
               std::to_string(state.step + 1) + ": " + state.psi->describe());
    const auto step_start = std::chrono::steady_clock::now();
    const VmcStepResult r = vmc_step(state, ctx, *solver);
    last = r.estimate;
    last_step_traffic = r.traffic;
    clock.step_done(seconds_since(step_start));
    log.step(state.step, c.optimizer.steps, r, seconds_since(step_start));
    if (!r.rejected)
      append_log_row(run_log, state.step, r,
                     attention_log_entries(ctx, *state.psi, r.samples, state.step));
    const StepVerdict verdict = agree_after_step(clock, stop_signal_received(), ctx.comm);
    const int signal = verdict.signal;
    const bool out_of_time = verdict.walltime && state.step < c.optimizer.steps;
    const bool too_many_rejections =
        state.optimizer.consecutive_rejections >= kMaxConsecutiveRejections;
    if (signal || out_of_time || verdict.time_checkpoint || too_many_rejections ||
        state.step % c.output.checkpoint_every == 0 || state.step == c.optimizer.steps) {
      const auto write_start = std::chrono::steady_clock::now();
      {
        ScopedTimer timer(state.timers, Phase::kIo);
        trace_phase(ctx.comm.rank(), "checkpoint");
        save_checkpoint(state, ctx);
        trace_phase(ctx.comm.rank(), "other");
      }
      clock.checkpoint_done(seconds_since(write_start));
    }
    if (too_many_rejections)
      throw std::runtime_error("stopping: " + std::to_string(kMaxConsecutiveRejections) +
                               " steps in a row had non-finite energies or updates (checkpoint of "
                               "step " +
                               std::to_string(state.step) + " kept)");
    if (signal) {
      log.info("signal " + std::to_string(signal) + " received: checkpoint of step " +
               std::to_string(state.step) + " written to " + c.output.dir +
               "; resubmit with --restart auto to continue");
      return last;
    }
    if (out_of_time) {
      log.info(walltime_stop_message(clock, c, state.step));
      return last;
    }
  }
  if (c.measure.samples > 0) {
    last = measure_energy(state, ctx, c.measure.samples);
    std::ostringstream m;
    m << "final: E/N = " << last.energy_per_site << " +- " << last.error_per_site << " from "
      << last.samples << " samples, variance " << last.variance << ", V-score " << last.v_score;
    log.info(m.str());
  }
  RunSummary summary{last,
                     state.psi->n_params(),
                     state.step,
                     ctx.comm.size(),
                     seconds_since(start),
                     state.timers,
                     state.psi->describe(),
                     max_over_ranks(collective_traffic(), ctx.comm),
                     max_over_ranks(last_step_traffic, ctx.comm),
                     run.init_from ? run.init_from->json() : Json()};
  summary.peak_rss_bytes_per_rank = max_peak_resident_bytes(ctx.comm);
  summary.planned_peak_bytes_per_rank = plan.peak_bytes_per_rank;
  log.info("peak memory per rank: " + format_bytes(summary.peak_rss_bytes_per_rank) +
           " measured (VmHWM, max over ranks), " + format_bytes(plan.peak_bytes_per_rank) +
           " planned");
  write_summary_json(c.output.dir, summary, ctx);
  log.info("wrote " + (std::filesystem::path(c.output.dir) / "summary.json").string());
  return last;
}

}  // namespace vitvmc
