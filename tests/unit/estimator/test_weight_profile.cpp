// weight_profile(): exact-mode rows binned by their states' own probability.
#include <gtest/gtest.h>

#include "vitvmc/estimator/weight_profile.hpp"

namespace vitvmc {
namespace {

TEST(WeightProfile, BinsRowsByTheirStatesOwnProbability) {
  // Four rows: p = 0.5 (one state), 0.4 over 5 states (p = 0.08 each), 0.0999 (one state),
  // 1e-4 over 2 states (p = 5e-5 each); weights sum to 1.
  const RealVector weights = (RealVector(4) << 0.5, 0.4, 0.0999, 1e-4).finished();
  const RealVector multiplicity = (RealVector(4) << 1, 5, 1, 2).finished();
  const ComplexVector e_loc =
      (ComplexVector(4) << Complex(-1, 0), Complex(-2, 0), Complex(0, 1), Complex(10, 0))
          .finished();
  Complex mean = 0;
  for (Index i = 0; i < 4; ++i) mean += weights(i) * e_loc(i);
  const WeightProfile w = weight_profile(e_loc, weights, multiplicity, mean);

  EXPECT_EQ(w.states[0], 1);  // [0.1, 1): 0.5
  EXPECT_EQ(w.states[1], 6);  // [0.01, 0.1): 0.08 (5 states) and 0.0999
  EXPECT_NEAR(w.mass[1], 0.4999, 1e-15);
  EXPECT_EQ(w.states[4], 2);  // [1e-5, 1e-4): 5e-5
  EXPECT_NEAR(w.mass[4], 1e-4, 1e-18);
  EXPECT_NEAR(w.variance[4], 1e-4 * std::norm(Complex(10, 0) - mean), 1e-15);
  Real states = 0, mass = 0, energy = 0, variance = 0, exact_variance = 0;
  for (int k = 0; k < WeightProfile::kDecades; ++k) {
    states += w.states[static_cast<std::size_t>(k)];
    mass += w.mass[static_cast<std::size_t>(k)];
    energy += w.energy[static_cast<std::size_t>(k)];
    variance += w.variance[static_cast<std::size_t>(k)];
  }
  for (Index i = 0; i < 4; ++i) exact_variance += weights(i) * std::norm(e_loc(i) - mean);
  EXPECT_EQ(states, 9);
  EXPECT_NEAR(mass, 1, 1e-15);
  EXPECT_NEAR(energy, 0, 1e-15);  // the pulls on <E> cancel
  EXPECT_NEAR(variance, exact_variance, 1e-14);
}

TEST(WeightProfile, DecadeEdgesBelongToTheBinAboveAndTinyOnesToTheLast) {
  const RealVector weights = (RealVector(5) << 1.0, 0.1, 0.01, 0.0, 1e-30).finished();
  const ComplexVector e_loc = ComplexVector::Zero(5);
  const WeightProfile w = weight_profile(e_loc, weights, RealVector(), Complex(0, 0));
  EXPECT_EQ(w.states[0], 2);  // p = 1 and p = 0.1: [0.1, 1], the top bin closed above
  EXPECT_EQ(w.states[1], 1);  // p = 0.01
  EXPECT_EQ(w.states[WeightProfile::kDecades - 1], 2);
  const WeightProfile back = WeightProfile::from_array(w.to_array());
  EXPECT_EQ(back.states, w.states);
  EXPECT_EQ(back.mass, w.mass);
}

}  // namespace
}  // namespace vitvmc
