// estimate_energy(): the energy's statistics over all ranks (driver/sample_statistics.hpp) and the
// global acceptance rate.
#include "vitvmc/driver/sample_statistics.hpp"
#include "vitvmc/driver/vmc_step.hpp"

namespace vitvmc {

EnergyStatistics energy_statistics(const SampleBatch& batch, const ComplexVector& e_loc,
                                   const RunContext& ctx, PhaseTimers& timers) {
  ScopedTimer timer(timers, Phase::kCommunication);
  return sample_statistics(batch, e_loc, ctx.lattice.n_sites(), ctx.config.sampler.chains,
                           ctx.comm);
}

EnergyEstimate estimate_energy(const SampleBatch& batch, const ComplexVector& e_loc,
                               const RunContext& ctx, PhaseTimers& timers) {
  const EnergyStatistics s = energy_statistics(batch, e_loc, ctx, timers);
  EnergyEstimate e;
  e.energy = s.mean;
  e.energy_per_site = s.energy_per_site;
  e.error_per_site = s.error_per_site;
  e.variance = s.variance;
  e.v_score = s.v_score;
  e.r_hat = s.r_hat;
  e.tau = s.tau_corr;
  e.samples = s.n_samples;
  e.effective_samples = s.effective_samples;
  e.importance_weighted = !batch.exact && batch.weighted();
  {
    ScopedTimer timer(timers, Phase::kCommunication);
    e.acceptance = global_acceptance(batch, ctx.comm);
  }
  return e;
}

}  // namespace vitvmc
