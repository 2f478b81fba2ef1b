// Statistics of per-sample quantities over ranks: every rank gathers the same per-chain (or per
// block) numbers in global chain order and combines them itself.
#include "vitvmc/driver/sample_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "vitvmc/estimator/tail_diagnostics.hpp"
#include "vitvmc/parallel/collectives.hpp"

namespace vitvmc {
namespace {

EnergyStatistics markov_statistics(const SampleBatch& batch, const ComplexVector& x, Index n_sites,
                                   const Communicator& comm) {
  const std::vector<Real> local = pack_summaries(summarize_chains(x, batch.samples_per_chain));
  return combine_chains(unpack_summaries(allgatherv(std::span<const Real>(local), comm)), n_sites);
}

EnergyStatistics exact_statistics(const SampleBatch& batch, const ComplexVector& x, Index n_sites,
                                  const Communicator& comm) {
  const std::vector<Real> local = weighted_sums(x, batch.weights).to_vector();
  const std::vector<Real> total = allreduce_sum_deterministic(std::span<const Real>(local), comm);
  const WeightedSums sums = WeightedSums::from_vector(total.data());
  if (!(sums.weight > 0) || !std::isfinite(sums.weight)) {  // NaN weights: blown-up parameters
    EnergyStatistics bad;
    bad.mean = Complex(std::numeric_limits<Real>::quiet_NaN(), 0);
    bad.energy_per_site = std::numeric_limits<Real>::quiet_NaN();
    return bad;
  }
  return weighted_statistics(sums, n_sites);
}

// Chains of |psi|^q: weighted sums per chain when there are enough chains for their spread, else
// per block of every chain (as the unweighted error does); R-hat and tau from the unweighted
// chains, which is where mixing shows.
EnergyStatistics importance_chain_statistics(const SampleBatch& batch, const ComplexVector& x,
                                             Index n_sites, Index total_chains,
                                             const Communicator& comm) {
  const Index n = batch.samples_per_chain;
  const Index blocks =
      total_chains >= kMinChainsForSpread ? 1 : std::min<Index>(ChainSummary::kBlocks, n);
  std::vector<Real> local;
  for (Index c = 0; c < batch.n_chains; ++c) {
    for (Index b = 0; b < blocks; ++b) {
      const Index begin = c * n + b * n / blocks;
      const Index length = c * n + (b + 1) * n / blocks - begin;
      const std::vector<Real> v =
          weighted_sums(x.segment(begin, length), batch.weights.segment(begin, length)).to_vector();
      local.insert(local.end(), v.begin(), v.end());
    }
  }
  const std::vector<Real> all = allgatherv(std::span<const Real>(local), comm);
  std::vector<WeightedSums> units;
  for (std::size_t i = 0; i < all.size(); i += WeightedSums::kSize)
    units.push_back(WeightedSums::from_vector(all.data() + i));
  EnergyStatistics st = importance_statistics(units, n_sites);
  const EnergyStatistics mixing = markov_statistics(batch, x, n_sites, comm);
  st.r_hat = mixing.r_hat;
  st.tau_corr = mixing.tau_corr;
  st.n_chains = mixing.n_chains;
  return st;
}

// The global `keep` largest contributions of one kind: every rank's own largest, gathered, merged.
std::vector<Real> global_largest(const SampleBatch& batch, const ComplexVector& x, Complex mean,
                                 Contribution kind, Index keep, const Communicator& comm) {
  const std::vector<Real> local = largest_contributions(x, batch.weights, mean, kind, keep);
  return merge_largest(allgatherv(std::span<const Real>(local), comm), keep);
}

}  // namespace

EnergyStatistics sample_statistics(const SampleBatch& batch, const ComplexVector& x, Index n_sites,
                                   Index total_chains, const Communicator& comm) {
  if (batch.exact) return exact_statistics(batch, x, n_sites, comm);
  return batch.weighted() ? importance_chain_statistics(batch, x, n_sites, total_chains, comm)
                          : markov_statistics(batch, x, n_sites, comm);
}

Real global_acceptance(const SampleBatch& batch, const Communicator& comm) {
  if (batch.exact) return 1.0;
  std::uint64_t counts[2] = {batch.accepted, batch.proposed};
  allreduce_sum(std::span<std::uint64_t>(counts, 2), comm);
  return counts[1] == 0 ? 0.0 : static_cast<Real>(counts[0]) / static_cast<Real>(counts[1]);
}

TailDiagnostics sample_tail_diagnostics(const SampleBatch& batch, const ComplexVector& x,
                                        const EnergyStatistics& st, const Communicator& comm) {
  if (batch.exact) return {};
  const Index keep = tail_length(st.n_samples);
  const std::vector<Real> energy =
      global_largest(batch, x, st.mean, Contribution::kEnergy, keep, comm);
  const std::vector<Real> variance =
      global_largest(batch, x, st.mean, Contribution::kVariance, keep, comm);
  // sum_i w_i |x_i - mean|^2 = variance * sum w: sum w = M unweighted, 1 for normalised weights.
  const Real weight_sum = batch.weighted() ? 1.0 : static_cast<Real>(st.n_samples);
  return tail_diagnostics(energy, variance, st.variance * weight_sum, st.n_samples);
}

}  // namespace vitvmc
