#include "vitvmc/estimator/local_energy_clipping.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

ClipWindow window_of(std::vector<Real> v, Real width) {
  VITVMC_REQUIRE(!v.empty(), "clipping needs at least one local energy");
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  const Real median = *mid;
  Real deviation = 0;
  for (const Real x : v) deviation += std::abs(x - median);
  return {median, width * deviation / static_cast<Real>(v.size())};
}

}  // namespace

Real ClipWindow::clip(Real v) const {
  return std::clamp(v, centre - half_width, centre + half_width);
}

std::pair<ClipWindow, ClipWindow> clip_windows(std::span<const Complex> all, Real width) {
  VITVMC_REQUIRE(width > 0, "clipping width must be positive");
  std::vector<Real> re(all.size()), im(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    re[i] = all[i].real();
    im[i] = all[i].imag();
  }
  return {window_of(std::move(re), width), window_of(std::move(im), width)};
}

Complex clip_local_energy(Complex value, const std::pair<ClipWindow, ClipWindow>& windows) {
  return {windows.first.clip(value.real()), windows.second.clip(value.imag())};
}

ComplexVector clip_local_energies(const ComplexVector& values,
                                  const std::pair<ClipWindow, ClipWindow>& windows) {
  ComplexVector out(values.size());
  for (Index i = 0; i < values.size(); ++i) out(i) = clip_local_energy(values(i), windows);
  return out;
}

}  // namespace vitvmc
