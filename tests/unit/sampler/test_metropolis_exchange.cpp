#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <functional>
#include <string>
#include <vector>

#include "toy_wavefunction.hpp"
#include "vitvmc/estimator/statistics.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/sampler/exact_enumeration.hpp"
#include "vitvmc/sampler/metropolis_exchange.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

using testing_support::ToyWaveFunction;
using Observable = std::function<Real(const Spin*)>;

Real bond_sum(const std::vector<Bond>& bonds, const Spin* s) {
  Real sum = 0;
  for (const Bond& b : bonds) sum += s[b.a] * s[b.b];
  return sum;
}

/// Observables whose exact averages the samples must reproduce.
std::vector<Observable> observables(const SquareLattice& lat) {
  return {
      [&lat](const Spin* s) { return bond_sum(lat.j1_bonds(), s); },
      [&lat](const Spin* s) { return bond_sum(lat.j2_bonds(), s); },
      [](const Spin* s) { return Real(s[0]); },
      [](const Spin* s) { return Real(s[5] * s[10]); },
      [&lat](const Spin* s) {
        Real m = 0;
        for (Index i = 0; i < lat.n_sites(); ++i) m += lat.sublattice(i) ? s[i] : -s[i];
        return m * m;
      },
  };
}

/// Exact average of f under |psi|^power / Z.
Real exact_average(const ExactEnumeration& exact, const ToyWaveFunction& psi, const Observable& f,
                   Real power = 2) {
  SampleBatch all = exact.exact_samples(psi, 0, exact.size());
  normalise_weights(all, combine_log_weight_sums({local_log_weight_sum(all, power)}), power);
  Real sum = 0;
  for (Index i = 0; i < all.size(); ++i) sum += all.weights(i) * f(all.configs.row(i).data());
  return sum;
}

/// Mean and error of f over a Markov batch (chain-major rows), via the chain statistics.
EnergyStatistics sampled_average(const SampleBatch& batch, const Observable& f) {
  std::vector<ChainSummary> summaries;
  std::vector<Complex> values(static_cast<std::size_t>(batch.samples_per_chain));
  for (Index c = 0; c < batch.n_chains; ++c) {
    for (Index t = 0; t < batch.samples_per_chain; ++t) {
      values[static_cast<std::size_t>(t)] =
          f(batch.configs.row(c * batch.samples_per_chain + t).data());
    }
    summaries.push_back(summarize_chain(values.data(), batch.samples_per_chain));
  }
  return combine_chains(summaries, 1);
}

class MetropolisDistribution : public ::testing::TestWithParam<MoveMixture> {};

// The sampled averages of five observables agree with exact enumeration within 4.5 error bars
// (error from the spread of 32 chain means; the seed is fixed, so the test cannot flake).
TEST_P(MetropolisDistribution, MatchesExactAverages) {
  const SquareLattice lat(4, 4);
  const ToyWaveFunction psi(lat, 0.2, 3);
  const ExactEnumeration exact(16);
  const MetropolisExchange sampler(lat, GetParam());
  ChainSet chains(16, 0, 32, 2024);
  const SampleBatch batch = sampler.sample(chains, psi, 1000, 1, 20);
  ASSERT_EQ(batch.size(), 32000);
  for (const Observable& f : observables(lat)) {
    const Real want = exact_average(exact, psi, f);
    const EnergyStatistics got = sampled_average(batch, f);
    EXPECT_GT(got.error, 0.0);
    EXPECT_LT(std::abs(got.mean.real() - want), 4.5 * got.error)
        << "exact " << want << " sampled " << got.mean.real() << " +- " << got.error;
  }
}

std::string mixture_name(const ::testing::TestParamInfo<MoveMixture>& info) {
  static const char* const names[] = {"default", "j1_only", "pair_only", "j2_heavy"};
  return names[info.index];
}

INSTANTIATE_TEST_SUITE_P(Mixtures, MetropolisDistribution,
                         ::testing::Values(MoveMixture{}, MoveMixture{1, 0, 0},
                                           MoveMixture{0, 0, 1}, MoveMixture{0.2, 0.6, 0.2}),
                         mixture_name);

// Chains of |psi|^0.5 reproduce the averages of |psi|^0.5 / Z, and at least one observable tells
// that distribution from |psi|^2 / Z by more than 10 error bars (so the power is really used).
TEST(MetropolisExchange, SamplesTheRequestedPowerOfPsi) {
  const SquareLattice lat(4, 4);
  const ToyWaveFunction psi(lat, 0.2, 3);
  const ExactEnumeration exact(16);
  const MetropolisExchange sampler(lattice_bonds(lat, LatticeKind::square), MoveMixture{}, 0.5);
  EXPECT_EQ(sampler.psi_power(), 0.5);
  ChainSet chains(16, 0, 32, 2025);
  const SampleBatch batch = sampler.sample(chains, psi, 1000, 1, 20);
  Real largest_born_gap = 0;
  for (const Observable& f : observables(lat)) {
    const EnergyStatistics got = sampled_average(batch, f);
    const Real want = exact_average(exact, psi, f, 0.5);
    EXPECT_LT(std::abs(got.mean.real() - want), 4.5 * got.error)
        << "exact " << want << " sampled " << got.mean.real() << " +- " << got.error;
    const Real born = exact_average(exact, psi, f);
    largest_born_gap = std::max(largest_born_gap, std::abs(got.mean.real() - born) / got.error);
  }
  EXPECT_GT(largest_born_gap, 10.0);
  EXPECT_THROW(MetropolisExchange(lattice_bonds(lat, LatticeKind::square), MoveMixture{}, 0.0),
               InvalidInput);
}

TEST(MetropolisExchange, SamplesStayInTheSector) {
  const SquareLattice lat(4, 4);
  const ToyWaveFunction psi(lat, 0.5, 4);
  const MetropolisExchange sampler(lat);
  ChainSet chains(16, 0, 6, 5);
  const SampleBatch batch = sampler.sample(chains, psi, 50, 1, 2);
  for (Index r = 0; r < batch.size(); ++r) {
    ASSERT_TRUE(in_sz_zero_sector(batch.configs.row(r).data(), 16)) << "row " << r;
  }
  EXPECT_GT(batch.acceptance_rate(), 0.05);
  // Stored log psi is the model's value of the stored configuration.
  const ComplexVector fresh = psi.log_psi(batch.configs);
  EXPECT_LT((fresh - batch.log_psi).cwiseAbs().maxCoeff(), 1e-12);
}

// Chains [0, 8) on one rank or as two blocks [0, 4) + [4, 8) produce the same samples bit for bit.
TEST(MetropolisExchange, SamplesDoNotDependOnTheChainBlocks) {
  const SquareLattice lat(4, 4);
  const ToyWaveFunction psi(lat, 0.3, 6);
  const MetropolisExchange sampler(lat);
  ChainSet whole(16, 0, 8, 99);
  ChainSet low(16, 0, 4, 99);
  ChainSet high(16, 4, 4, 99);
  for (int step = 0; step < 2; ++step) {  // chains persist across calls
    const SampleBatch w = sampler.sample(whole, psi, 10, 2, 3);
    const SampleBatch a = sampler.sample(low, psi, 10, 2, 3);
    const SampleBatch b = sampler.sample(high, psi, 10, 2, 3);
    EXPECT_EQ(b.first_chain, 4);
    EXPECT_EQ(w.configs.topRows(40), a.configs);
    EXPECT_EQ(w.configs.bottomRows(40), b.configs);
    EXPECT_EQ(w.log_psi.head(40), a.log_psi);
    EXPECT_EQ(w.log_psi.tail(40), b.log_psi);
    EXPECT_EQ(w.accepted, a.accepted + b.accepted);
  }
  std::vector<std::uint64_t> counters = low.rng_counters();
  const std::vector<std::uint64_t> high_counters = high.rng_counters();
  counters.insert(counters.end(), high_counters.begin(), high_counters.end());
  EXPECT_EQ(whole.rng_counters(), counters);
}

// A chain set restored from (configs, log psi, counters) continues exactly like the original.
TEST(MetropolisExchange, RestoredChainsContinueIdentically) {
  const SquareLattice lat(4, 4);
  const ToyWaveFunction psi(lat, 0.3, 6);
  const MetropolisExchange sampler(lat);
  ChainSet original(16, 3, 5, 17);
  sampler.sweep(original, psi, 4);
  ChainSet restored(16, 3, 5, 17);
  restored.restore(original.configs(), original.log_psi(), original.rng_counters());
  const SampleBatch a = sampler.sample(original, psi, 8, 1, 1);
  const SampleBatch b = sampler.sample(restored, psi, 8, 1, 1);
  EXPECT_EQ(a.configs, b.configs);
  EXPECT_EQ(a.accepted, b.accepted);
}

TEST(MetropolisExchange, CountsEveryProposalAndAcceptsAllMovesOfAFlatState) {
  const SquareLattice lat(4, 4);
  const ToyWaveFunction flat(lat, 0.0, 1);  // psi = 1: every real exchange is accepted
  ChainSet chains(16, 0, 3, 8);
  const SampleBatch pairs = MetropolisExchange(lat, {0, 0, 1}).sample(chains, flat, 4, 2, 1);
  EXPECT_EQ(pairs.proposed, 3u * 16u * (1 + 4 * 2));
  EXPECT_EQ(pairs.accepted, pairs.proposed);  // random pairs are never null moves
  const SampleBatch bonds = MetropolisExchange(lat, {1, 1, 0}).sample(chains, flat, 4, 2, 1);
  EXPECT_EQ(bonds.proposed, 3u * 16u * (1 + 4 * 2));
  EXPECT_LT(bonds.accepted, bonds.proposed);  // equal-spin bonds are null moves, counted rejected
  EXPECT_GT(bonds.accepted, bonds.proposed / 4);
}

TEST(MetropolisExchange, RefreshesAStaleLogPsiCache) {
  const SquareLattice lat(4, 4);
  const ToyWaveFunction psi(lat, 0.3, 6);
  ChainSet chains(16, 0, 4, 3);
  chains.log_psi().setConstant(Complex(100, 0));  // stale: as after a parameter update
  const SampleBatch batch = MetropolisExchange(lat).sample(chains, psi, 3, 1, 0);
  EXPECT_LT((psi.log_psi(batch.configs) - batch.log_psi).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(MetropolisExchange, RejectsBadMixtures) {
  const SquareLattice lat(4, 4);
  EXPECT_THROW(MetropolisExchange(lat, {0, 0, 0}), InvalidInput);
  EXPECT_THROW(MetropolisExchange(lat, {-0.1, 0.5, 0.6}), InvalidInput);
  const MetropolisExchange m(lat, {2, 1, 1});
  EXPECT_DOUBLE_EQ(m.cumulative()[0], 0.5);
  EXPECT_DOUBLE_EQ(m.cumulative()[1], 0.75);
}

}  // namespace
}  // namespace vitvmc
