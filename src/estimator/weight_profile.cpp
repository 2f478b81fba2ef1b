#include "vitvmc/estimator/weight_profile.hpp"

#include <algorithm>
#include <cmath>

namespace vitvmc {

std::array<Real, 4 * WeightProfile::kDecades> WeightProfile::to_array() const {
  std::array<Real, 4 * kDecades> a{};
  std::copy(states.begin(), states.end(), a.begin());
  std::copy(mass.begin(), mass.end(), a.begin() + kDecades);
  std::copy(energy.begin(), energy.end(), a.begin() + 2 * kDecades);
  std::copy(variance.begin(), variance.end(), a.begin() + 3 * kDecades);
  return a;
}

WeightProfile WeightProfile::from_array(const std::array<Real, 4 * kDecades>& a) {
  WeightProfile p;
  std::copy(a.begin(), a.begin() + kDecades, p.states.begin());
  std::copy(a.begin() + kDecades, a.begin() + 2 * kDecades, p.mass.begin());
  std::copy(a.begin() + 2 * kDecades, a.begin() + 3 * kDecades, p.energy.begin());
  std::copy(a.begin() + 3 * kDecades, a.end(), p.variance.begin());
  return p;
}

WeightProfile weight_profile(const ComplexVector& e_loc, const RealVector& weights,
                             const RealVector& multiplicity, Complex mean) {
  WeightProfile profile;
  for (Index i = 0; i < e_loc.size(); ++i) {
    const Real copies = multiplicity.size() > 0 ? multiplicity(i) : 1.0;
    const Real p = weights(i) / copies;  // one basis state's probability
    // 10^-(k+1) <= p < 10^-k  <=>  k = ceil(-log10 p) - 1 (p = 1 clamps into bin 0).
    const int decade =
        p > 0 ? static_cast<int>(std::ceil(-std::log10(p))) - 1 : WeightProfile::kDecades;
    const auto k = static_cast<std::size_t>(std::clamp(decade, 0, WeightProfile::kDecades - 1));
    const Complex d = e_loc(i) - mean;
    profile.states[k] += copies;
    profile.mass[k] += weights(i);
    profile.energy[k] += weights(i) * d.real();
    profile.variance[k] += weights(i) * std::norm(d);
  }
  return profile;
}

}  // namespace vitvmc
