#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "vitvmc/estimator/statistics.hpp"
#include "vitvmc/util/rng.hpp"

namespace vitvmc {
namespace {

Real gaussian(PhiloxStream& rng) {
  const Real u = 1.0 - rng.uniform();  // (0, 1]
  return std::sqrt(-2 * std::log(u)) * std::cos(2 * std::numbers::pi * rng.uniform());
}

/// Stationary AR(1) chain x_{t+1} = phi x_t + sqrt(1 - phi^2) eps: unit variance,
/// tau = (1 + phi) / (1 - phi), plus a constant shift.
std::vector<Complex> ar1_chain(Real phi, Index n, std::uint64_t chain, Real shift = 0) {
  PhiloxStream rng(123, chain);
  std::vector<Complex> x(static_cast<std::size_t>(n));
  Real v = gaussian(rng);
  for (Complex& xi : x) {
    xi = shift + v;
    v = phi * v + std::sqrt(1 - phi * phi) * gaussian(rng);
  }
  return x;
}

std::vector<ChainSummary> ar1_summaries(Real phi, Index chains, Index n, Real shift_step = 0) {
  std::vector<ChainSummary> out;
  for (Index c = 0; c < chains; ++c) {
    const auto x = ar1_chain(phi, n, static_cast<std::uint64_t>(c), shift_step * Real(c));
    out.push_back(summarize_chain(x.data(), n));
  }
  return out;
}

TEST(Statistics, Ar1AutocorrelationTimeAndErrorFromChainMeans) {
  const Real phi = 0.8;
  const Real tau = (1 + phi) / (1 - phi);  // 9
  const EnergyStatistics st = combine_chains(ar1_summaries(phi, 32, 4000, 0), 1);
  EXPECT_NEAR(st.tau_corr, tau, 0.2 * tau);
  EXPECT_NEAR(st.variance, 1.0, 0.05);
  const Real true_error = std::sqrt(tau / 128000.0);
  EXPECT_NEAR(st.error, true_error, 0.3 * true_error);
  EXPECT_EQ(st.n_chains, 32);
  EXPECT_EQ(st.n_samples, 128000);
}

// Var(x^2) = 2 for unit Gaussians, so the variance of M iid samples has error sqrt(2 / M); with
// fewer than kMinChainsForSpread chains it is unknown (the blocks keep no variances).
TEST(Statistics, VarianceErrorFromTheSpreadOfChains) {
  const EnergyStatistics st = combine_chains(ar1_summaries(0.0, 32, 2000), 1);
  const Real expected = std::sqrt(2.0 / 64000);
  EXPECT_NEAR(st.variance_error, expected, 0.3 * expected);
  EXPECT_TRUE(std::isnan(combine_chains(ar1_summaries(0.0, 4, 2000), 1).variance_error));
}

TEST(Statistics, FewChainsUseBlocking) {
  const Real phi = 0.8;
  const Real tau = (1 + phi) / (1 - phi);
  const EnergyStatistics st = combine_chains(ar1_summaries(phi, 4, 32000), 1);
  const Real true_error = std::sqrt(tau / 128000.0);
  EXPECT_NEAR(st.error, true_error, 0.3 * true_error);
  EXPECT_NEAR(st.tau_corr, tau, 0.2 * tau);
  // Naive iid error would be 3x too small: blocking must see the correlation.
  EXPECT_GT(st.error, 2 * std::sqrt(1.0 / 128000.0));
}

TEST(Statistics, IidChainsHaveRHatNearOneAndTauOne) {
  const EnergyStatistics st = combine_chains(ar1_summaries(0.0, 16, 1000), 1);
  EXPECT_NEAR(st.r_hat, 1.0, 0.01);
  EXPECT_NEAR(st.tau_corr, 1.0, 0.15);
  EXPECT_NEAR(st.error, std::sqrt(1.0 / 16000), 0.3 * std::sqrt(1.0 / 16000));
}

TEST(Statistics, ShiftedChainMeansRaiseRHat) {
  const EnergyStatistics st = combine_chains(ar1_summaries(0.0, 8, 500, 0.5), 1);
  EXPECT_GT(st.r_hat, 1.1);
}

TEST(Statistics, DriftWithinChainsRaisesSplitRHat) {
  // Same drift in every chain: chain means agree, only splitting the chains reveals it.
  std::vector<ChainSummary> chains;
  for (std::uint64_t c = 0; c < 8; ++c) {
    auto x = ar1_chain(0.0, 400, c);
    for (std::size_t t = 0; t < x.size(); ++t) x[t] += 2.0 * Real(t) / 400;
    chains.push_back(summarize_chain(x.data(), 400));
  }
  EXPECT_GT(combine_chains(chains, 1).r_hat, 1.1);
}

TEST(Statistics, HandComputedMeanVarianceAndVScore) {
  const std::vector<Complex> a = {{-1, 0.5}, {-3, 0}};
  const std::vector<Complex> b = {{-2, 0}, {-2, -0.5}};
  const EnergyStatistics st =
      combine_chains({summarize_chain(a.data(), 2), summarize_chain(b.data(), 2)}, 4);
  EXPECT_DOUBLE_EQ(st.mean.real(), -2.0);
  EXPECT_DOUBLE_EQ(st.mean.imag(), 0.0);
  // <|E - <E>|^2> = (1.25 + 1 + 0 + 0.25) / 4
  EXPECT_DOUBLE_EQ(st.variance, 0.625);
  EXPECT_DOUBLE_EQ(st.v_score, 4 * 0.625 / 4.0);
  EXPECT_DOUBLE_EQ(st.energy_per_site, -0.5);
  EXPECT_TRUE(std::isnan(st.r_hat));  // one sample per half: undefined
  // Two chains -> blocking: blocks are the single samples -1, -3, -2, -2.
  EXPECT_NEAR(st.error, std::sqrt((1.0 + 1.0 + 0 + 0) / 3 / 4), 1e-15);
}

TEST(Statistics, SummaryFieldsOfARamp) {
  std::vector<Complex> x;
  for (int i = 0; i < 10; ++i) x.emplace_back(i, 0);
  const ChainSummary s = summarize_chain(x.data(), 10);
  EXPECT_DOUBLE_EQ(s.mean_re, 4.5);
  EXPECT_DOUBLE_EQ(s.var_re, 8.25);
  EXPECT_DOUBLE_EQ(s.autocov[0], 8.25);
  EXPECT_DOUBLE_EQ(s.autocov[9], (0 - 4.5) * (9 - 4.5) / 10);
  EXPECT_DOUBLE_EQ(s.autocov[10], 0.0);
  EXPECT_DOUBLE_EQ(s.half_n, 5);
  EXPECT_DOUBLE_EQ(s.half1_mean, 2.0);
  EXPECT_DOUBLE_EQ(s.half1_var, 2.5);
  EXPECT_DOUBLE_EQ(s.half2_mean, 7.0);
  EXPECT_DOUBLE_EQ(s.half2_var, 2.5);
  EXPECT_DOUBLE_EQ(s.n_blocks, 10);
  EXPECT_DOUBLE_EQ(s.block_mean[3], 3.0);
  EXPECT_DOUBLE_EQ(s.block_mean[10], 0.0);

  // 40 samples in 16 blocks of 2 or 3.
  std::vector<Complex> y;
  for (int i = 0; i < 40; ++i) y.emplace_back(i, 0);
  const ChainSummary t = summarize_chain(y.data(), 40);
  EXPECT_DOUBLE_EQ(t.block_mean[0], 0.5);    // [0, 2)
  EXPECT_DOUBLE_EQ(t.block_mean[1], 3.0);    // [2, 5)
  EXPECT_DOUBLE_EQ(t.block_mean[15], 38.0);  // [37, 40)
}

TEST(Statistics, SummaryRoundTripsThroughAFlatVector) {
  const auto x = ar1_chain(0.5, 100, 4);
  ChainSummary s = summarize_chain(x.data(), 100);
  s.mean_im = 0.25;
  const std::vector<Real> v = s.to_vector();
  ASSERT_EQ(static_cast<int>(v.size()), ChainSummary::kSize);
  EXPECT_EQ(ChainSummary::from_vector(v.data()).to_vector(), v);
  EXPECT_DOUBLE_EQ(v[0], 100.0);
  EXPECT_DOUBLE_EQ(v[2], 0.25);
  EXPECT_DOUBLE_EQ(v.back(), s.autocov.back());
}

TEST(Statistics, ChainMajorBatchesPackAndUnpack) {
  ComplexVector e(12);
  for (Index i = 0; i < 12; ++i) e(i) = Complex(Real(i), -Real(i % 3));
  const std::vector<ChainSummary> chains = summarize_chains(e, 4);  // 3 chains of 4
  ASSERT_EQ(chains.size(), 3u);
  EXPECT_DOUBLE_EQ(chains[1].mean_re, 5.5);  // rows 4..7
  const std::vector<Real> packed = pack_summaries(chains);
  ASSERT_EQ(packed.size(), 3u * ChainSummary::kSize);
  const std::vector<ChainSummary> back = unpack_summaries(packed);
  for (std::size_t c = 0; c < 3; ++c) EXPECT_EQ(back[c].to_vector(), chains[c].to_vector());
  EXPECT_DOUBLE_EQ(combine_chains(back, 1).mean.real(), 5.5);
}

TEST(Statistics, WeightedStatisticsAreExactAndAdditive) {
  ComplexVector e(4);
  e << Complex(-1, 0), Complex(-2, 1), Complex(-3, 0), Complex(-4, -1);
  RealVector w(4);
  w << 1, 2, 3, 4;  // unnormalised: divided by 10
  const EnergyStatistics st = weighted_statistics(e, w, 2);
  const Complex mean = Complex(-1 - 4 - 9 - 16, 2 - 4) / 10.0;
  EXPECT_NEAR(st.mean.real(), mean.real(), 1e-15);
  EXPECT_NEAR(st.mean.imag(), mean.imag(), 1e-15);
  Real var = 0;
  for (Index i = 0; i < 4; ++i) var += w(i) * std::norm(e(i) - mean) / 10;
  EXPECT_NEAR(st.variance, var, 1e-13);
  EXPECT_NEAR(st.v_score, 2 * var / (mean.real() * mean.real()), 1e-13);
  EXPECT_DOUBLE_EQ(st.error, 0.0);
  EXPECT_DOUBLE_EQ(st.r_hat, 1.0);
  EXPECT_DOUBLE_EQ(st.tau_corr, 1.0);

  // Two "ranks" sum their WeightedSums vectors.
  const auto lo = weighted_sums(e.head(1), w.head(1)).to_vector();
  const auto hi = weighted_sums(e.tail(3), w.tail(3)).to_vector();
  std::vector<Real> sum(lo.size());
  for (std::size_t i = 0; i < sum.size(); ++i) sum[i] = lo[i] + hi[i];
  const EnergyStatistics split = weighted_statistics(WeightedSums::from_vector(sum.data()), 2);
  EXPECT_NEAR(split.mean.real(), st.mean.real(), 1e-15);
  EXPECT_NEAR(split.variance, st.variance, 1e-13);
  EXPECT_EQ(split.n_samples, 4);
}

// With equal weights the importance error is the standard error of the units' means; with
// unequal weights it is the delta-method error of sum w E / sum w, computed here by hand.
TEST(Statistics, ImportanceStatisticsOfWeightedUnits) {
  const std::vector<Real> means = {-1.0, -1.5, -0.5, -1.2};
  std::vector<WeightedSums> equal;
  for (const Real m : means) equal.push_back({2.0, 2.0 * m, 0.0, 2.0 * (m * m + 0.25), 4.0});
  const EnergyStatistics st = importance_statistics(equal, 1);
  const Real mean = (-1.0 - 1.5 - 0.5 - 1.2) / 4;
  Real ss = 0;
  for (const Real m : means) ss += (m - mean) * (m - mean);
  EXPECT_NEAR(st.mean.real(), mean, 1e-15);
  EXPECT_NEAR(st.error, std::sqrt(ss / (4 * 3)), 1e-15);
  EXPECT_NEAR(st.variance, 0.25 + ss / 4, 1e-14);  // within-unit 0.25 plus the spread
  EXPECT_EQ(st.n_samples, 16);
  // The variance's error: the spread of the units' 0.25 + (m - mean)^2 around the variance.
  Real vs = 0;
  for (const Real m : means) vs += std::norm(0.25 + (m - mean) * (m - mean) - st.variance);
  EXPECT_NEAR(st.variance_error, std::sqrt(vs / (4 * 3)), 1e-14);

  // Unit weights 1, 3: E = (1 * -1 + 3 * -2) / 4 = -1.75; dE_u = (re_u - E w_u) / W.
  const std::vector<WeightedSums> unequal = {{1.0, -1.0, 0.0, 1.0, 5.0},
                                             {3.0, -6.0, 0.0, 12.0, 5.0}};
  const EnergyStatistics r = importance_statistics(unequal, 2);
  EXPECT_NEAR(r.mean.real(), -1.75, 1e-15);
  EXPECT_NEAR(r.energy_per_site, -0.875, 1e-15);
  const Real d1 = (-1.0 + 1.75 * 1.0) / 4, d2 = (-6.0 + 1.75 * 3.0) / 4;
  EXPECT_NEAR(r.error, std::sqrt(2.0 * (d1 * d1 + d2 * d2)), 1e-15);
  EXPECT_NEAR(r.error_per_site, r.error / 2, 1e-15);
  EXPECT_THROW(importance_statistics({unequal[0]}, 1), std::logic_error);
}

// Kish's (sum w)^2 / sum w^2: equal weights give the sample count, skewed ones fewer, and the
// count survives the split into units (ranks, chains) that importance_statistics sums.
TEST(Statistics, EffectiveSampleSizeIsKish) {
  ComplexVector e(4);
  e << Complex(-1, 0), Complex(-2, 0), Complex(-3, 0), Complex(-4, 0);
  RealVector equal = RealVector::Constant(4, 0.25), skewed(4);
  skewed << 1, 2, 3, 4;
  EXPECT_NEAR(weighted_statistics(e, equal, 1).effective_samples, 4.0, 1e-14);
  EXPECT_NEAR(weighted_statistics(e, skewed, 1).effective_samples, 100.0 / 30.0, 1e-14);
  const std::vector<WeightedSums> units = {weighted_sums(e.head(2), skewed.head(2)),
                                           weighted_sums(e.tail(2), skewed.tail(2))};
  EXPECT_NEAR(importance_statistics(units, 1).effective_samples, 100.0 / 30.0, 1e-14);
  EXPECT_DOUBLE_EQ(combine_chains(ar1_summaries(0.5, 3, 8), 1).effective_samples, 24.0);
}

}  // namespace
}  // namespace vitvmc
