#include "vitvmc/driver/run_report.hpp"

#include <filesystem>
#include <map>
#include <sstream>

#include "vitvmc/driver/attention_log.hpp"
#include "vitvmc/driver/stage_switch.hpp"
#include "vitvmc/job/memory_budget.hpp"
#include "vitvmc/job/traffic_summary.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/lattice/lattice_kind.hpp"
#include "vitvmc/util/byte_size.hpp"
#include "vitvmc/util/timer.hpp"

namespace vitvmc {
namespace {

std::string run_header(const RunContext& ctx, const VmcState& state, const SrSolver& solver) {
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
  if (c.optimizer.method == OptimizerMethod::sr) h << " (" << solver.name() << " solver)";
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

std::string memory_plan_line(const ResourcePlan& plan) {
  const std::string of_stage = plan.stage > 0 ? " of stage " + std::to_string(plan.stage) : "";
  return "memory plan: peak " + format_bytes(plan.peak_bytes_per_rank) + " per rank in " +
         plan.peak_phase + of_stage + " (largest object " + plan.largest_in_peak().name +
         "; vmc_dist --plan shows all)";
}

}  // namespace

RunReport::RunReport(const RunContext& ctx, const PreparedRun& run, const ResourcePlan& plan,
                     const SrSolver& solver)
    : ctx_(ctx),
      log_(ctx.comm),
      start_(std::chrono::steady_clock::now()),
      planned_peak_bytes_(plan.peak_bytes_per_rank),
      init_from_(run.init_from ? run.init_from->json() : Json()) {
  if (ctx.comm.rank() == 0) std::filesystem::create_directories(ctx.config.output.dir);
  ctx.comm.barrier();
  const VmcState& state = run.state;
  log_.info(run_header(ctx, state, solver));
  if (run.init_from) log_.info(run.init_from->describe());
  log_.info(memory_plan_line(plan));
  if (!run.restart_path.empty())
    log_.info("restarted from " + run.restart_path + " at step " + std::to_string(state.step) +
              (run.chains_restored || !state.chains
                   ? ""
                   : " (chain count changed: new chains, warmed up)"));
  run_log_ = open_run_log(ctx, run.restart_path.empty() ? -1 : state.step);
}

void RunReport::stage_started(const VmcState& state) const {
  log_.info("stage " + stage_label(ctx_, state.step) + " from step " +
            std::to_string(state.step + 1) + ": " + state.psi->describe());
}

void RunReport::step_done(const VmcState& state, const VmcStepResult& r, double seconds) {
  last_ = r.estimate;
  last_step_traffic_ = r.traffic;
  log_.step(state.step, ctx_.config.optimizer.steps, r, seconds);
  if (!r.rejected)
    append_log_row(run_log_, state.step, r,
                   attention_log_entries(ctx_, *state.psi, r.samples, state.step));
}

EnergyEstimate RunReport::finish(const VmcState& state, const EnergyEstimate& e) const {
  if (ctx_.config.measure.samples > 0) {
    std::ostringstream m;
    m << "final: E/N = " << e.energy_per_site << " +- " << e.error_per_site << " from " << e.samples
      << " samples, variance " << e.variance << ", V-score " << e.v_score;
    log_.info(m.str());
  }
  RunSummary summary{e,
                     state.psi->n_params(),
                     state.step,
                     ctx_.comm.size(),
                     seconds_since(start_),
                     state.timers,
                     state.psi->describe(),
                     max_over_ranks(collective_traffic(), ctx_.comm),
                     max_over_ranks(last_step_traffic_, ctx_.comm),
                     init_from_};
  summary.peak_rss_bytes_per_rank = max_peak_resident_bytes(ctx_.comm);
  summary.planned_peak_bytes_per_rank = planned_peak_bytes_;
  log_.info("peak memory per rank: " + format_bytes(summary.peak_rss_bytes_per_rank) +
            " measured (VmHWM, max over ranks), " + format_bytes(planned_peak_bytes_) + " planned");
  write_summary_json(ctx_.config.output.dir, summary, ctx_);
  log_.info("wrote " + (std::filesystem::path(ctx_.config.output.dir) / "summary.json").string());
  return e;
}

}  // namespace vitvmc
