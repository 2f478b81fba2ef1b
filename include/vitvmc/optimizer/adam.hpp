#pragma once
/// \file adam.hpp
/// Adam (Kingma & Ba) on the energy gradient, the no-SR baseline. State (moments, step count) is
/// plain data so checkpoints can store it.

#include "vitvmc/types.hpp"

namespace vitvmc {

struct AdamState {
  RealVector first_moment;
  RealVector second_moment;
  Index steps = 0;
};

/// Returns the parameter change to subtract (theta -= step) for gradient `gradient` and rate `lr`;
/// updates the moments. beta1 = 0.9, beta2 = 0.999, eps = 1e-8.
RealVector adam_step(AdamState& state, const RealVector& gradient, Real lr);

}  // namespace vitvmc
