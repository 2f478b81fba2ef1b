// Mean attention maps, their spread D and the translation average against hand computations.
#include <gtest/gtest.h>

#include <cmath>

#include "vitvmc/estimator/attention_statistics.hpp"
#include "vitvmc/lattice/square_lattice.hpp"

namespace vitvmc {
namespace {

// Two samples, one head, n = 2 patches: A(0) = [[1,0],[0,1]], A(1) = [[0,1],[1,0]].
RealMatrix two_samples() {
  RealMatrix maps(2, 4);
  maps << 1, 0, 0, 1,  //
      0, 1, 1, 0;
  return maps;
}

TEST(AttentionStatistics, UniformWeightsMatchHandComputation) {
  const RealMatrix maps = two_samples();
  RealMatrix sum;
  add_map_sums(maps, 1, RealVector(), sum);
  const RealMatrix mean = sum / 2.0;  // every entry 1/2
  RealVector spread;
  add_spread_sums(maps, 1, mean, RealVector(), spread);
  // ||A(s) - mean||_F = sqrt(4 * 1/4) = 1 for both samples; ||mean||_F = 1: D = 1.
  const RealVector d = relative_spread(spread / 2.0, mean);
  ASSERT_EQ(d.size(), 1);
  EXPECT_NEAR(d(0), 1.0, 1e-15);
}

TEST(AttentionStatistics, ExactModeWeightsMatchHandComputation) {
  const RealMatrix maps = two_samples();
  RealVector w(2);
  w << 0.75, 0.25;
  RealMatrix mean;
  add_map_sums(maps, 1, w, mean);  // weights sum to 1: the sum is the mean
  EXPECT_NEAR(mean(0, 0), 0.75, 1e-15);
  EXPECT_NEAR(mean(0, 1), 0.25, 1e-15);
  RealVector spread;
  add_spread_sums(maps, 1, mean, w, spread);
  // distances 0.5 and 1.5; E = 0.75 * 0.5 + 0.25 * 1.5 = 0.75; ||mean|| = sqrt(1.25)
  EXPECT_NEAR(relative_spread(spread, mean)(0), 0.75 / std::sqrt(1.25), 1e-15);
}

TEST(AttentionStatistics, InputIndependentMapsHaveZeroSpreadPerHead) {
  // Two heads, three samples with the same maps: D = 0 for both heads.
  RealMatrix head_maps(2, 4);
  head_maps << 0.1, 0.9, 0.3, 0.7,  //
      0.5, 0.5, 0.6, 0.4;
  RealMatrix maps(6, 4);
  for (int s = 0; s < 3; ++s) maps.middleRows(2 * s, 2) = head_maps;
  RealMatrix sum;
  add_map_sums(maps, 2, RealVector(), sum);
  RealVector spread;
  add_spread_sums(maps, 2, sum / 3.0, RealVector(), spread);
  const RealVector d = relative_spread(spread / 3.0, sum / 3.0);
  EXPECT_NEAR(d(0), 0.0, 1e-15);
  EXPECT_NEAR(d(1), 0.0, 1e-15);
}

TEST(AttentionStatistics, TranslationAverageByDisplacement) {
  // 6x3 lattice with 3x3 patches: a 2x1 patch grid, n = 2; displacement 0 = I == J, 1 = I != J.
  const SquareLattice lattice(6, 3);
  const PatchMap patches(lattice, 3);
  ASSERT_EQ(patches.n_patches(), 2);
  RealMatrix map(1, 4);
  map << 0.2, 0.8, 0.6, 0.4;  // A(0,0), A(0,1), A(1,0), A(1,1)
  const RealMatrix t = translation_average(map, patches);
  ASSERT_EQ(t.cols(), 2);
  EXPECT_NEAR(t(0, patches.displacement(0, 0)), (0.2 + 0.4) / 2, 1e-15);
  EXPECT_NEAR(t(0, patches.displacement(0, 1)), (0.8 + 0.6) / 2, 1e-15);
}

}  // namespace
}  // namespace vitvmc
