// estimate_energy(): per-chain summaries (or weighted sums in exact mode) reduced over ranks so
// that every rank, whatever the rank count, combines the same numbers in the same order.
#include <algorithm>
#include <cmath>
#include <limits>

#include "vitvmc/driver/vmc_step.hpp"
#include "vitvmc/estimator/statistics.hpp"
#include "vitvmc/parallel/collectives.hpp"

namespace vitvmc {
namespace {

EnergyStatistics markov_statistics(const SampleBatch& batch, const ComplexVector& e_loc,
                                   const RunContext& ctx) {
  std::vector<Real> local;
  local.reserve(static_cast<std::size_t>(batch.n_chains * ChainSummary::kSize));
  for (Index c = 0; c < batch.n_chains; ++c) {
    const ChainSummary s =
        summarize_chain(e_loc.data() + c * batch.samples_per_chain, batch.samples_per_chain);
    const std::vector<Real> v = s.to_vector();
    local.insert(local.end(), v.begin(), v.end());
  }
  const std::vector<Real> all = allgatherv(std::span<const Real>(local), ctx.comm);
  std::vector<ChainSummary> chains;
  for (std::size_t i = 0; i < all.size(); i += ChainSummary::kSize)
    chains.push_back(ChainSummary::from_vector(all.data() + i));
  return combine_chains(chains, ctx.lattice.n_sites());
}

EnergyStatistics exact_statistics(const SampleBatch& batch, const ComplexVector& e_loc,
                                  const RunContext& ctx) {
  const std::vector<Real> local = weighted_sums(e_loc, batch.weights).to_vector();
  const std::vector<Real> total =
      allreduce_sum_deterministic(std::span<const Real>(local), ctx.comm);
  const WeightedSums sums = WeightedSums::from_vector(total.data());
  if (!(sums.weight > 0) || !std::isfinite(sums.weight)) {  // NaN weights: blown-up parameters
    EnergyStatistics bad;
    bad.mean = Complex(std::numeric_limits<Real>::quiet_NaN(), 0);
    bad.energy_per_site = std::numeric_limits<Real>::quiet_NaN();
    return bad;
  }
  return weighted_statistics(sums, ctx.lattice.n_sites());
}

// Importance-weighted chains (--sampler.psi_power < 2): weighted sums per chain when there are
// enough chains for their spread, else per block of every chain (as the unweighted error does);
// R-hat and tau from the unweighted chains, which is where mixing shows.
EnergyStatistics importance_chain_statistics(const SampleBatch& batch, const ComplexVector& e_loc,
                                             const RunContext& ctx) {
  const Index n = batch.samples_per_chain;
  const Index blocks = ctx.config.sampler.chains >= kMinChainsForSpread
                           ? 1
                           : std::min<Index>(ChainSummary::kBlocks, n);
  std::vector<Real> local;
  for (Index c = 0; c < batch.n_chains; ++c) {
    for (Index b = 0; b < blocks; ++b) {
      const Index begin = c * n + b * n / blocks;
      const Index length = c * n + (b + 1) * n / blocks - begin;
      const std::vector<Real> v =
          weighted_sums(e_loc.segment(begin, length), batch.weights.segment(begin, length))
              .to_vector();
      local.insert(local.end(), v.begin(), v.end());
    }
  }
  const std::vector<Real> all = allgatherv(std::span<const Real>(local), ctx.comm);
  std::vector<WeightedSums> units;
  for (std::size_t i = 0; i < all.size(); i += WeightedSums::kSize)
    units.push_back(WeightedSums::from_vector(all.data() + i));
  EnergyStatistics st = importance_statistics(units, ctx.lattice.n_sites());
  const EnergyStatistics mixing = markov_statistics(batch, e_loc, ctx);
  st.r_hat = mixing.r_hat;
  st.tau_corr = mixing.tau_corr;
  st.n_chains = mixing.n_chains;
  return st;
}

Real global_acceptance(const SampleBatch& batch, const Communicator& comm) {
  if (batch.exact) return 1.0;
  std::uint64_t counts[2] = {batch.accepted, batch.proposed};
  allreduce_sum(std::span<std::uint64_t>(counts, 2), comm);
  return counts[1] == 0 ? 0.0 : static_cast<Real>(counts[0]) / static_cast<Real>(counts[1]);
}

}  // namespace

EnergyStatistics energy_statistics(const SampleBatch& batch, const ComplexVector& e_loc,
                                   const RunContext& ctx, PhaseTimers& timers) {
  ScopedTimer timer(timers, Phase::kCommunication);
  if (batch.exact) return exact_statistics(batch, e_loc, ctx);
  return batch.weighted() ? importance_chain_statistics(batch, e_loc, ctx)
                          : markov_statistics(batch, e_loc, ctx);
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
