#include <gtest/gtest.h>

#include "vitvmc/optimizer/adam.hpp"

namespace vitvmc {
namespace {

TEST(Adam, FirstStepIsLrTimesSign) {
  AdamState state;
  RealVector g(3);
  g << 2.0, -0.5, 1e-3;
  const RealVector step = adam_step(state, g, 0.01);
  // After bias correction the first step is lr * g / (|g| + eps).
  for (Index i = 0; i < 3; ++i) EXPECT_NEAR(step(i), 0.01 * g(i) / (std::abs(g(i)) + 1e-8), 1e-12);
  EXPECT_EQ(state.steps, 1);
}

TEST(Adam, MinimisesAQuadratic) {
  AdamState state;
  RealVector x = RealVector::Constant(4, 3.0);
  for (int i = 0; i < 2000; ++i) x -= adam_step(state, 2.0 * x, 0.05);  // gradient of |x|^2
  EXPECT_LT(x.norm(), 1e-2);
}

}  // namespace
}  // namespace vitvmc
