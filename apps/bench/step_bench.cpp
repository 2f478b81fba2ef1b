#include "step_bench.hpp"

#include <chrono>
#include <iostream>
#include <utility>

#include "counting_wave_function.hpp"
#include "vitvmc/driver/stage_switch.hpp"
#include "vitvmc/driver/vmc_step.hpp"
#include "vitvmc/util/json.hpp"
#include "vitvmc/util/proc_memory.hpp"

namespace vitvmc::bench {
namespace {

constexpr std::size_t kPhases = static_cast<std::size_t>(Phase::kCount);

/// Wraps state.psi (again after a stage switch rebuilt it) so that its rows go to `rows`.
void count_rows(VmcState& state, ModelRows& rows) {
  if (dynamic_cast<CountingWaveFunction*>(state.psi.get()) == nullptr)
    state.psi = std::make_unique<CountingWaveFunction>(std::move(state.psi), rows);
}

/// What the timed steps add up to on this rank.
struct StepTotals {
  PhaseTimers phases;
  std::vector<double> seconds;  ///< wall time of each step (the same on every rank: collectives)
  double cpu_seconds = 0.0;
  double sr_matrix_flops = 0.0;  ///< forming the SR matrix (global count)
  double sr_solve_flops = 0.0;   ///< its Cholesky factorisation
  Json energies = Json::array();
};

/// Flops of forming the SR matrix (lower triangle) and of its Cholesky factorisation, from the
/// 2M x P system: kernel N x N, parameter P x P.
std::pair<double, double> sr_flops(const SrSolver& solver, bool solved, Index n_rows, Index p) {
  const double n = static_cast<double>(n_rows), pd = static_cast<double>(p);
  if (!solved) return {0.0, 0.0};  // Adam, or a rejected step: no matrix
  if (solver.kind() == SolverChoice::kernel) return {n * (n + 1) * pd, n * n * n / 3};
  return {pd * (pd + 1) * n, pd * pd * pd / 3};
}

Json phase_object(const std::array<double, kPhases>& values) {
  Json j = Json::object();
  for (std::size_t i = 0; i < kPhases; ++i) j[std::string(kPhaseNames[i])] = json_number(values[i]);
  return j;
}

}  // namespace

void bench_step(const BenchOptions& o, const RunContext& ctx, const Calibration& cal) {
  const Communicator& comm = ctx.comm;
  VmcState state = make_initial_state(ctx);
  enter_stage(state, ctx);
  if (state.chains) ctx.sampler.sweep(*state.chains, *state.psi, ctx.config.sampler.warmup);
  const std::unique_ptr<SrSolver> solver = choose_sr_solver(ctx, state.psi->n_params());
  ModelRows rows;
  const auto one_step = [&] {
    enter_stage(state, ctx);
    count_rows(state, rows);
    return vmc_step(state, ctx, *solver);
  };
  for (Index k = 0; k < o.warmup_steps; ++k) one_step();

  StepTotals totals;
  rows = ModelRows{};
  for (Index k = 0; k < o.steps; ++k) {
    comm.barrier();
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = process_cpu_seconds();
    const VmcStepResult r = one_step();
    totals.cpu_seconds += process_cpu_seconds() - c0;
    totals.seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    totals.phases += r.timers;
    const Index m = r.estimate.samples;
    const auto [matrix, solve] =
        sr_flops(*solver, !r.sr.solver.empty(), 2 * m, state.psi->n_params());
    totals.sr_matrix_flops += matrix;
    totals.sr_solve_flops += solve;
    totals.energies.push_back(json_number(r.estimate.energy_per_site));
  }
  // Rows are counted on this rank; the model's rank totals, and the phases' mean over ranks.
  const WaveFunction& model = *state.psi;
  const double f = model.forward_flops_per_sample();
  std::array<double, kPhases> flops{}, seconds{};
  for (std::size_t i = 0; i < kPhases; ++i) {
    flops[i] = sum_over_ranks(comm, f * (rows.forward[i] + 5.0 * rows.jacobian[i]));
    seconds[i] = sum_over_ranks(comm, totals.phases.seconds[i]) / comm.size() / o.steps;
    flops[i] /= static_cast<double>(o.steps);
  }
  flops[static_cast<std::size_t>(Phase::kSrMatrix)] += totals.sr_matrix_flops / o.steps;
  flops[static_cast<std::size_t>(Phase::kSrSolve)] += totals.sr_solve_flops / o.steps;
  double step_seconds = 0.0, total_flops = 0.0;
  for (double s : totals.seconds) step_seconds += max_over_ranks(comm, s) / o.steps;
  for (double fl : flops) total_flops += fl;
  const double cpu = max_over_ranks(comm, totals.cpu_seconds) / o.steps;
  const double peak = max_over_ranks(comm, peak_resident_bytes());
  std::array<double, kPhases> fractions{};
  for (std::size_t i = 0; i < kPhases; ++i)
    fractions[i] = seconds[i] > 0 ? flops[i] / seconds[i] * 1e-9 / cal.dgemm.gflops : 0.0;
  if (comm.rank() != 0) return;
  Json j;
  j["what"] = "step";
  j["model"] = model.describe();
  j["n_params"] = model.n_params();
  j["ranks"] = comm.size();
  j["samples"] = ctx.config.sampler.samples;
  j["precision"] = ctx.config.model.precision;
  j["steps"] = o.steps;
  j["warmup_steps"] = o.warmup_steps;
  j["seconds_per_step"] = json_number(step_seconds);
  Json each = Json::array();
  for (double s : totals.seconds) each.push_back(json_number(s));
  j["seconds_each"] = each;
  j["cpu_seconds_per_step"] = json_number(cpu);
  j["phases"] = phase_object(seconds);
  j["flops_per_step"] = json_number(total_flops);
  j["gflops"] = json_number(total_flops / step_seconds * 1e-9);
  j["dgemm_gflops"] = json_number(cal.dgemm.gflops);
  j["fraction_of_dgemm"] = json_number(total_flops / step_seconds * 1e-9 / cal.dgemm.gflops);
  j["fraction_of_dgemm_cpu"] = json_number(total_flops / cpu * 1e-9 / cal.dgemm.gflops_cpu);
  j["phase_flops"] = phase_object(flops);
  j["phase_fraction_of_dgemm"] = phase_object(fractions);
  j["energy_per_site"] = totals.energies;
  j["sr_solver"] = solver->name();
  j["peak_bytes_per_rank"] = json_number(peak);
  std::cout << json_text(j) << std::endl;
}

}  // namespace vitvmc::bench
