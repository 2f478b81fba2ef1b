#pragma once
/// \file vmc_step.hpp
/// One VMC step: sample -> local energies -> log-derivatives -> statistics -> SR system -> solve ->
/// update. vmc_step() is the table of contents of the algorithm; each stage is a function below.

#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/estimator/statistics.hpp"
#include "vitvmc/parallel/traffic.hpp"
#include "vitvmc/sampler/sample_batch.hpp"
#include "vitvmc/sr/sr_solver.hpp"

namespace vitvmc {

/// Energy estimate of one step (S units; per-site values divide by N).
struct EnergyEstimate {
  Complex energy;            ///< <E_loc>
  Real energy_per_site = 0;  ///< Re <E_loc> / N
  Real error_per_site = 0;   ///< error of the mean of E/N (0 in exact mode)
  Real variance = 0;         ///< Var(E_loc) (total energy units squared)
  Real v_score = 0;          ///< N Var(E) / E^2
  Real r_hat = 1;            ///< split-R-hat over chains (1 in exact mode)
  Real tau = 0;         ///< integrated autocorrelation time in stored samples (0 in exact mode)
  Real acceptance = 0;  ///< Metropolis acceptance rate over all ranks (1 in exact mode)
  Index samples = 0;    ///< M, global
  /// Kish (sum w)^2 / sum w^2 over all ranks (EnergyStatistics::effective_samples): M for |psi|^2
  /// chains, lower for importance-weighted ones, 1 / sum p^2 in exact mode.
  Real effective_samples = 0;
  bool importance_weighted = false;  ///< Markov chains of |psi|^q, q < 2 (ESS shown)
};

struct VmcStepResult {
  EnergyEstimate estimate;
  Real delta_norm = 0;  ///< |delta theta| (before the learning rate)
  Real learning_rate = 0;
  Real diag_shift = 0;
  bool rejected = false;    ///< non-finite energies or update: theta unchanged, shift raised
  Index stage = 1;          ///< 1-based --optimizer.stages stage of this step (1 without a plan)
  std::string stage_label;  ///< "2/3 lattice"; "" without a plan
  SrDiagnostics sr;
  PhaseTimers timers;         ///< this step only
  CollectiveTraffic traffic;  ///< bytes this rank sent in collectives during this step
  /// This rank's samples of the step (drawn before its update); kept only for the attention log
  /// (--output.attention_every > 0), empty otherwise.
  SampleBatch samples;
};

/// One optimisation step on every rank (collective). Advances state.step unless rejected.
VmcStepResult vmc_step(VmcState& state, const RunContext& ctx, SrSolver& solver);

/// SR diagonal shift of the next step: the scheduled value times the rejection boost.
Real current_diag_shift(const VmcState& state, const RunContext& ctx);

/// Samples of this step: the rank's Markov chains, or its share of the exactly enumerated sector
/// with normalised weights |psi|^2 / Z (collective).
SampleBatch draw_samples(VmcState& state, const RunContext& ctx, Index samples_total,
                         PhaseTimers& timers);

/// E_loc of this rank's samples: batched model calls for Markov samples; look-ups in the gathered
/// log psi of the whole sector in exact mode (collective in exact mode).
ComplexVector compute_local_energies(const SampleBatch& batch, const RunContext& ctx,
                                     const WaveFunction& psi, PhaseTimers& timers);

/// Energy statistics over all ranks from this rank's samples and local energies (collective).
EnergyStatistics energy_statistics(const SampleBatch& batch, const ComplexVector& e_loc,
                                   const RunContext& ctx, PhaseTimers& timers);

/// energy_statistics() plus the global acceptance rate, as the optimisation step reports it.
EnergyEstimate estimate_energy(const SampleBatch& batch, const ComplexVector& e_loc,
                               const RunContext& ctx, PhaseTimers& timers);

/// --optimizer.solver resolved for the whole run (auto: kernel when 2M < P, M the run's
/// --sampler.samples, or the sector size in exact mode; a stage's own sample count does not change
/// it). The memory plan (driver/run_plan) plans every stage with this choice.
SolverChoice resolved_sr_solver(const RunContext& ctx, Index n_params);

/// The solver of resolved_sr_solver().
std::unique_ptr<SrSolver> choose_sr_solver(const RunContext& ctx, Index n_params);

}  // namespace vitvmc
