#include "vitvmc/optimizer/adam.hpp"

#include <cmath>

namespace vitvmc {

RealVector adam_step(AdamState& state, const RealVector& gradient, Real lr) {
  constexpr Real kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-8;
  if (state.first_moment.size() != gradient.size()) {
    state.first_moment = RealVector::Zero(gradient.size());
    state.second_moment = RealVector::Zero(gradient.size());
    state.steps = 0;
  }
  ++state.steps;
  state.first_moment = kBeta1 * state.first_moment + (1 - kBeta1) * gradient;
  state.second_moment = kBeta2 * state.second_moment + (1 - kBeta2) * gradient.cwiseAbs2();
  const Real c1 = 1 - std::pow(kBeta1, static_cast<Real>(state.steps));
  const Real c2 = 1 - std::pow(kBeta2, static_cast<Real>(state.steps));
  return lr * (state.first_moment / c1).array() /
         ((state.second_moment / c2).array().sqrt() + kEps);
}

}  // namespace vitvmc
