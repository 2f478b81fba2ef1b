#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "vitvmc/estimator/tail_diagnostics.hpp"
#include "vitvmc/util/rng.hpp"

namespace vitvmc {
namespace {

/// S draws of a generalized Pareto distribution with shape k and scale 1 (inverse CDF).
std::vector<Real> pareto_draws(Real k, Index s, std::uint64_t stream) {
  PhiloxStream rng(77, stream);
  std::vector<Real> x(static_cast<std::size_t>(s));
  for (Real& xi : x) {
    const Real u = 1.0 - rng.uniform();  // (0, 1]
    xi = k == 0 ? -std::log(u) : (std::pow(u, -k) - 1) / k;
  }
  return x;
}

Real fitted_shape(const std::vector<Real>& x) {
  const auto s = static_cast<Index>(x.size());
  return pareto_shape(merge_largest(x, tail_length(s)));
}

TEST(TailDiagnostics, TailLengthIsThatOfPsis) {
  EXPECT_EQ(tail_length(8192), 273);  // ceil(3 sqrt(8192)) = 272, plus the threshold
  EXPECT_EQ(tail_length(100), 21);    // ceil(100 / 5) = 20, plus the threshold
}

// The fit recovers the shape of Pareto tails (heavy: k > 0), of the exponential (k = 0) and of
// a bounded distribution (uniform: k = -1), within the spread of 8192-sample fits (~0.1).
TEST(TailDiagnostics, ParetoShapeOfKnownDistributions) {
  for (const Real k : {0.0, 0.25, 0.5, 0.8, 1.5}) {
    Real mean = 0;
    const int repeats = 8;
    for (int r = 0; r < repeats; ++r)
      mean += fitted_shape(pareto_draws(k, 8192, static_cast<std::uint64_t>(r))) / repeats;
    // The prior pulls towards 1/2 by 10 of ~270 pseudo-observations.
    const Real expected = (272 * k + 5) / 282;
    EXPECT_NEAR(mean, expected, 0.06) << "k = " << k;
  }
  std::vector<Real> uniform = pareto_draws(-1.0, 8192, 3);
  EXPECT_LT(fitted_shape(uniform), -0.5);
}

TEST(TailDiagnostics, TooFewValuesOrTiesGiveNoShape) {
  EXPECT_TRUE(std::isnan(pareto_shape({3, 2, 1})));
  EXPECT_TRUE(std::isnan(pareto_shape(std::vector<Real>(20, 1.0))));
}

// Contributions: |Re(E - mean)| w for the energy, |E - mean|^2 w for the variance; a value that
// repeats (one state sampled twice) counts once; the merged largest values do not depend on how
// the samples are split over ranks.
TEST(TailDiagnostics, ContributionsAndMergeAcrossRanks) {
  ComplexVector e(4);
  e << Complex(1, 1), Complex(-3, 0), Complex(2, 0), Complex(0, 2);
  RealVector w(4);
  w << 1, 2, 0.5, 1;
  const std::vector<Real> energy = largest_contributions(e, w, 0.0, Contribution::kEnergy, 3);
  EXPECT_EQ(energy, (std::vector<Real>{6.0, 1.0, 0.0}));
  const std::vector<Real> variance =
      largest_contributions(e, RealVector(), 0.0, Contribution::kVariance, 2);
  EXPECT_EQ(variance, (std::vector<Real>{9.0, 4.0}));

  std::vector<Real> parts =
      largest_contributions(e.head(1), w.head(1), 0.0, Contribution::kVariance, 3);
  const std::vector<Real> rest =
      largest_contributions(e.tail(3), w.tail(3), 0.0, Contribution::kVariance, 3);
  parts.insert(parts.end(), rest.begin(), rest.end());
  EXPECT_EQ(merge_largest(parts, 3), largest_contributions(e, w, 0.0, Contribution::kVariance, 3));
}

// Repeated samples of one state (a Markov chain after rejected moves), equal up to rounding, would
// give exceedances of ~1e-16 that fake a huge shape; they are dropped before the fit.
TEST(TailDiagnostics, RepeatedSamplesDoNotFakeAHeavyTail) {
  std::vector<Real> x = pareto_draws(0.0, 8192, 5);
  const Real alone = fitted_shape(x);
  const std::vector<Real> top = merge_largest(x, 400);
  for (const Real v : top)
    for (int r = 0; r < 3; ++r) x.push_back(v * (1 + 1e-15 * r));
  EXPECT_NEAR(fitted_shape(x), alone, 0.05);
}

// PSIS's limit min(1 - 1/log10 S, 0.7): 0.7 from S = 2154 on, lower for fewer samples.
TEST(TailDiagnostics, LargestShareAndTrust) {
  EXPECT_DOUBLE_EQ(tail_shape_limit(8192), 0.7);
  EXPECT_NEAR(tail_shape_limit(100), 0.5, 1e-15);
  const TailDiagnostics t = tail_diagnostics({}, {8.0, 1.0}, 10.0, 8192);
  EXPECT_DOUBLE_EQ(t.largest_share, 0.8);
  EXPECT_DOUBLE_EQ(t.shape_limit, 0.7);
  EXPECT_TRUE(t.error_trusted());  // unknown shapes do not warn
  TailDiagnostics heavy = t;
  heavy.variance_shape = 0.75;
  heavy.energy_shape = 0.65;
  EXPECT_FALSE(heavy.variance_trusted());
  EXPECT_TRUE(heavy.error_trusted());
}

}  // namespace
}  // namespace vitvmc
