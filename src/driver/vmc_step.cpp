#include "vitvmc/driver/vmc_step.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "vitvmc/driver/sr_system.hpp"
#include "vitvmc/driver/stage_switch.hpp"
#include "vitvmc/estimator/local_energy.hpp"
#include "vitvmc/estimator/local_energy_clipping.hpp"
#include "vitvmc/estimator/sector_local_energy.hpp"
#include "vitvmc/job/phase_trace.hpp"
#include "vitvmc/optimizer/adam.hpp"
#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/sampler/exact_enumeration.hpp"

namespace vitvmc {
namespace {

// Rows of connected configurations evaluated per model call inside the local energy: bounds memory.
constexpr Index kLocalEnergyChunkRows = 8192;

bool all_finite(const ComplexVector& v) { return v.allFinite(); }

// SR (with optional SPRING momentum) or Adam direction; theta moves by -lr * direction.
RealVector update_direction(const SrSystem& system, VmcState& state, const RunContext& ctx,
                            SrSolver& solver, Real lr, Real shift, SrDiagnostics& diag) {
  const OptimizerConfig& opt = ctx.config.optimizer;
  if (opt.method == OptimizerMethod::adam)
    return adam_step(state.optimizer.adam, energy_gradient(system, ctx.sr_comm()), lr) / lr;
  RealVector& phi = state.optimizer.spring_momentum;
  const Real mu = opt.momentum;
  if (mu > 0 && phi.size() == system.x.cols()) {
    // SPRING: phi = mu phi_prev + (S + lambda)^-1 X^T (e - mu X phi_prev).
    const RealVector e_shifted = system.e - mu * (system.x * phi);
    phi = mu * phi + solver.solve(system.x, e_shifted, shift, ctx.sr_comm(), &diag);
    return phi;
  }
  RealVector delta = solver.solve(system.x, system.e, shift, ctx.sr_comm(), &diag);
  if (mu > 0) phi = delta;
  return delta;
}

// A rejected step: when theta itself gives non-finite energies, go back to the parameters before
// the last update; make the next solves better conditioned and forget the momentum.
void reject_step(VmcState& state, bool theta_bad) {
  OptimizerState& o = state.optimizer;
  if (theta_bad && o.previous_theta.size() == state.psi->n_params())
    state.psi->parameters().values() = o.previous_theta;
  o.shift_boost *= 10;
  o.spring_momentum.resize(0);
  ++o.consecutive_rejections;
}

// Local energies for the SR right-hand side and their mean: clipped (--optimizer.clip_local_energy)
// for Markov samples, unchanged otherwise. Every rank sees all values in global sample order, so
// windows and mean are identical on every rank and independent of the rank count.
ComplexVector sr_local_energies(const SampleBatch& batch, const ComplexVector& e_loc,
                                const RunContext& ctx, Complex& mean) {
  const Real width = ctx.config.optimizer.clip_local_energy;
  if (width <= 0 || batch.weighted()) return e_loc;
  const std::vector<Complex> all = allgatherv(
      std::span<const Complex>(e_loc.data(), static_cast<std::size_t>(e_loc.size())), ctx.comm);
  const bool finite = std::all_of(all.begin(), all.end(), [](Complex z) {
    return std::isfinite(z.real()) && std::isfinite(z.imag());
  });
  if (!finite || all.empty()) return e_loc;  // the step is rejected anyway
  const auto windows = clip_windows(all, width);
  Complex sum = 0;
  for (const Complex z : all) sum += clip_local_energy(z, windows);
  mean = sum / static_cast<Real>(all.size());
  return clip_local_energies(e_loc, windows);
}

// --optimizer.reproducible evaluates the network one chain at a time: a sample's log psi rounds
// differently with the rows around it in a batch (GEMM tiles, vectorised loops), and which chains
// share a rank's batch depends on the rank count. Both log psi(sigma) and the connected amplitudes
// are recomputed in the chain's own batch (the sampler's cached values came from batches of
// proposals of this rank's chains).
ComplexVector per_chain_local_energies(const SampleBatch& batch, const RunContext& ctx,
                                       const WaveFunction& psi) {
  const Index per_chain = batch.samples_per_chain;
  ComplexVector e_loc(batch.size());
  for (Index c = 0; c < batch.n_chains; ++c) {
    const ConfigBatch chain = batch.configs.middleRows(c * per_chain, per_chain);
    e_loc.segment(c * per_chain, per_chain) =
        local_energies(ctx.hamiltonian, psi, chain, psi.log_psi(chain), kLocalEnergyChunkRows);
  }
  return e_loc;
}

// The Jacobian of this rank's samples: one batch, or one chain at a time under
// --optimizer.reproducible (as above).
ComplexMatrix sample_jacobian(const SampleBatch& batch, const RunContext& ctx,
                              const WaveFunction& psi) {
  ComplexVector log_psi;
  ComplexMatrix jacobian;
  if (batch.exact || !ctx.config.optimizer.reproducible) {
    psi.log_psi_and_jacobian(batch.configs, log_psi, jacobian);
    return jacobian;
  }
  const Index per_chain = batch.samples_per_chain;
  jacobian.resize(batch.size(), psi.n_params());
  ComplexMatrix block;
  for (Index c = 0; c < batch.n_chains; ++c) {
    psi.log_psi_and_jacobian(batch.configs.middleRows(c * per_chain, per_chain), log_psi, block);
    jacobian.middleRows(c * per_chain, per_chain) = block;
  }
  return jacobian;
}

// weights = |psi|^power normalised over every rank's rows (collective).
void normalise_over_ranks(SampleBatch& batch, Real power, const Communicator& comm) {
  const LogWeightSum local = local_log_weight_sum(batch, power);
  const Real mine[2] = {local.max, local.sum};
  const std::vector<Real> all = allgatherv(std::span<const Real>(mine, 2), comm);
  std::vector<LogWeightSum> parts;
  for (std::size_t r = 0; r + 1 < all.size(); r += 2) parts.push_back({all[r], all[r + 1]});
  // Non-finite log psi (blown-up parameters) gives NaN weights, so the step is rejected, not
  // aborted.
  const bool finite = std::all_of(parts.begin(), parts.end(), [](const LogWeightSum& p) {
    return std::isfinite(p.sum) && !std::isnan(p.max) &&
           p.max != std::numeric_limits<Real>::infinity();
  });
  normalise_weights(
      batch, finite ? combine_log_weight_sums(parts) : std::numeric_limits<Real>::quiet_NaN(),
      power);
}

}  // namespace

Real current_diag_shift(const VmcState& state, const RunContext& ctx) {
  const OptimizerStage* stage = current_stage(ctx, state.step);
  const Real scheduled = stage && stage->shift ? *stage->shift : ctx.diag_shift.at(state.step);
  const Real boost = state.optimizer.shift_boost;
  // A zero shift cannot be raised by a factor: boosted steps start from 1e-4.
  return boost > 1 ? std::max(scheduled, 1e-4) * boost : scheduled;
}

ComplexVector compute_local_energies(const SampleBatch& batch, const RunContext& ctx,
                                     const WaveFunction& psi, PhaseTimers& timers) {
  if (!batch.exact) {
    ScopedTimer timer(timers, Phase::kLocalEnergy);
    if (ctx.config.optimizer.reproducible) return per_chain_local_energies(batch, ctx, psi);
    return local_energies(ctx.hamiltonian, psi, batch.configs, batch.log_psi,
                          kLocalEnergyChunkRows);
  }
  // Exact mode: log psi of the whole sector from every rank's range, then look-ups only.
  ComplexVector all;
  {
    ScopedTimer timer(timers, Phase::kCommunication);
    const std::vector<Complex> gathered = allgatherv(
        std::span<const Complex>(batch.log_psi.data(), static_cast<std::size_t>(batch.size())),
        ctx.comm);
    all = Eigen::Map<const ComplexVector>(gathered.data(), static_cast<Index>(gathered.size()));
  }
  ScopedTimer timer(timers, Phase::kLocalEnergy);
  return sector_local_energies(ctx.hamiltonian, ctx.exact->basis(), ctx.exact->orbits(), all,
                               batch.first_chain, batch.first_chain + batch.size());
}

SampleBatch draw_samples(VmcState& state, const RunContext& ctx, Index samples_total,
                         PhaseTimers& timers) {
  ScopedTimer timer(timers, Phase::kSampling);
  const SamplerConfig& cfg = ctx.config.sampler;
  if (cfg.type == SamplerKind::metropolis) {
    SampleBatch batch = ctx.sampler.sample(*state.chains, *state.psi, samples_total / cfg.chains,
                                           cfg.sweeps, cfg.discard);
    // Chains of |psi|^q: each sample stands for |psi|^(2-q) of the Born distribution.
    if (cfg.psi_power != 2) normalise_over_ranks(batch, 2 - cfg.psi_power, ctx.comm);
    return batch;
  }
  const ExactEnumeration& sector = *ctx.exact;
  const auto [begin, end] =
      ExactEnumeration::split_range(sector.size(), ctx.comm.rank(), ctx.comm.size());
  SampleBatch batch = sector.exact_samples(*state.psi, begin, end);
  normalise_over_ranks(batch, 2, ctx.comm);
  return batch;
}

namespace {

// What one sample batch says: local energies, log-derivatives and the energy estimate.
struct StepEstimates {
  ComplexVector e_loc;
  ComplexMatrix jacobian;
  EnergyEstimate energy;
};

// Estimate: E_loc (exact mode looks the connected amplitudes up instead of evaluating the
// network), the per-sample log-derivatives, and the energy statistics over all ranks.
StepEstimates estimate(const SampleBatch& batch, const VmcState& state, const RunContext& ctx,
                       PhaseTimers& t) {
  StepEstimates est;
  est.e_loc = compute_local_energies(batch, ctx, *state.psi, t);
  {
    ScopedTimer timer(t, Phase::kJacobian);
    est.jacobian = sample_jacobian(batch, ctx, *state.psi);
  }
  est.energy = estimate_energy(batch, est.e_loc, ctx, t);
  return est;
}

// Solve: the real SR system of all ranks' rows and the update direction (SR, SPRING or Adam); an
// empty direction when the energies are not finite (the step is rejected).
RealVector solve(const SampleBatch& batch, StepEstimates& est, Index m, VmcState& state,
                 const RunContext& ctx, SrSolver& solver, VmcStepResult& result) {
  PhaseTimers& t = result.timers;
  SrSystem system;
  {
    ScopedTimer timer(t, Phase::kCommunication);
    Complex sr_mean = est.energy.energy;
    const ComplexVector sr_e_loc = sr_local_energies(batch, est.e_loc, ctx, sr_mean);
    system = ctx.config.optimizer.reproducible
                 ? build_replicated_sr_system(batch, sr_e_loc, sr_mean, est.jacobian, m, ctx.comm)
                 : build_sr_system(batch, sr_e_loc, sr_mean, est.jacobian, m, ctx.comm);
  }
  est.jacobian.resize(0, 0);  // free B x P complex before the solver allocates
  RealVector delta;
  if (std::isfinite(est.energy.energy_per_site)) {
    // The solver times its own sections; its counted collectives (row redistribution, gathers of
    // e and y, the sum of the update) are its communication.
    const PhaseScope scope(Phase::kCommunication);
    delta = update_direction(system, state, ctx, solver, result.learning_rate, result.diag_shift,
                             result.sr);
  }
  t[Phase::kSrMatrix] += result.sr.seconds_matrix;
  t[Phase::kSrSolve] += result.sr.seconds_solve;
  t[Phase::kCommunication] += result.sr.seconds_comm;
  return delta;
}

// Update: theta -= lr * delta on every rank, or (any rank saw non-finite values) a rejected step.
void update(VmcState& state, const RunContext& ctx, const StepEstimates& est,
            const RealVector& delta, VmcStepResult& result) {
  const bool theta_bad = !std::isfinite(est.energy.energy_per_site) || !all_finite(est.e_loc);
  int flags[2] = {theta_bad ? 1 : 0, (theta_bad || !delta.allFinite()) ? 1 : 0};
  {
    const PhaseScope scope(Phase::kCommunication);
    allreduce_sum(std::span<int>(flags, 2), ctx.comm);
  }
  result.rejected = flags[1] != 0;
  if (result.rejected) {
    reject_step(state, flags[0] != 0);
    return;
  }
  result.delta_norm = delta.norm();
  state.optimizer.previous_theta = state.psi->parameters().values();
  state.psi->parameters().values() -= result.learning_rate * delta;
  state.optimizer.consecutive_rejections = 0;
  state.optimizer.shift_boost = std::max(1.0, state.optimizer.shift_boost / 2);
  ++state.step;
}

}  // namespace

VmcStepResult vmc_step(VmcState& state, const RunContext& ctx, SrSolver& solver) {
  const CollectiveTraffic traffic_before = collective_traffic();
  const OptimizerStage* stage = current_stage(ctx, state.step);
  const Index m = stage && stage->samples ? *stage->samples : ctx.config.sampler.samples;
  VmcStepResult result;
  result.stage = stage_number(ctx, state.step);
  result.stage_label = stage_label(ctx, state.step);
  result.learning_rate = stage && stage->lr ? *stage->lr : ctx.learning_rate.at(state.step);
  result.diag_shift = current_diag_shift(state, ctx);

  trace_phase(ctx.comm.rank(), "sampling");
  SampleBatch batch = draw_samples(state, ctx, m, result.timers);
  StepEstimates est = estimate(batch, state, ctx, result.timers);
  result.estimate = est.energy;
  trace_phase(ctx.comm.rank(), "solve");
  const RealVector delta = solve(batch, est, m, state, ctx, solver, result);
  update(state, ctx, est, delta, result);

  state.timers += result.timers;
  result.traffic = collective_traffic();
  result.traffic -= traffic_before;
  trace_phase(ctx.comm.rank(), "other");
  if (ctx.config.output.attention_every > 0) result.samples = std::move(batch);
  return result;
}

std::unique_ptr<SrSolver> choose_sr_solver(const RunContext& ctx, Index n_params) {
  SolverChoice kind = ctx.config.optimizer.solver;
  if (kind == SolverChoice::automatic) {
    const bool exact = ctx.config.sampler.type == SamplerKind::exact;
    const Index rows = 2 * (exact ? ctx.exact->size() : ctx.config.sampler.samples);
    kind = rows < n_params ? SolverChoice::kernel : SolverChoice::parameter;
  }
  return make_sr_solver(kind, SrSolverOptions{});
}

}  // namespace vitvmc
