#include <gtest/gtest.h>

#include <vector>

#include "vitvmc/estimator/local_energy_clipping.hpp"

namespace vitvmc {
namespace {

// Real parts 1..9 and one outlier 100: median 6 (upper median of 10 values), mean absolute
// deviation (5+4+3+2+1+0+1+2+3+94)/10 = 11.5; imaginary parts all 0 except one.
TEST(LocalEnergyClipping, ClipsEachComponentToMedianPlusMinusWidthTimesMad) {
  std::vector<Complex> all;
  for (int k = 1; k <= 9; ++k) all.emplace_back(k, 0.0);
  all.emplace_back(100.0, 3.0);
  const auto windows = clip_windows(all, 2.0);
  EXPECT_DOUBLE_EQ(windows.first.centre, 6.0);
  EXPECT_DOUBLE_EQ(windows.first.half_width, 23.0);
  EXPECT_DOUBLE_EQ(windows.second.centre, 0.0);
  EXPECT_DOUBLE_EQ(windows.second.half_width, 2.0 * 0.3);

  ComplexVector values(3);
  values << Complex(100.0, 3.0), Complex(-40.0, -1.0), Complex(5.0, 0.1);
  const ComplexVector clipped = clip_local_energies(values, windows);
  EXPECT_DOUBLE_EQ(clipped(0).real(), 29.0);
  EXPECT_DOUBLE_EQ(clipped(0).imag(), 0.6);
  EXPECT_DOUBLE_EQ(clipped(1).real(), -17.0);
  EXPECT_DOUBLE_EQ(clipped(1).imag(), -0.6);
  EXPECT_EQ(clipped(2), values(2));  // inside both windows: unchanged
}

TEST(LocalEnergyClipping, RejectsNonPositiveWidth) {
  const std::vector<Complex> all{Complex(1, 0)};
  EXPECT_ANY_THROW(clip_windows(all, 0.0));
}

}  // namespace
}  // namespace vitvmc
