#include "vitvmc/estimator/structure_factor.hpp"

#include <complex>
#include <numbers>
#include <vector>

namespace vitvmc {

const std::vector<WaveVector>& reported_wave_vectors() {
  static const std::vector<WaveVector> q = {{std::numbers::pi, std::numbers::pi, "pi_pi"},
                                            {std::numbers::pi, 0, "pi_0"}};
  return q;
}

ComplexVector structure_factor_samples(const ConfigBatch& configs, const SquareLattice& lattice,
                                       const WaveVector& q) {
  const Index n = lattice.n_sites();
  std::vector<Complex> phase(static_cast<std::size_t>(n));  // S^z_i = sigma_i / 2
  for (Index s = 0; s < n; ++s) {
    const auto [x, y] = lattice.coordinates(s);
    phase[static_cast<std::size_t>(s)] =
        std::polar(0.5, q.qx * static_cast<Real>(x) + q.qy * static_cast<Real>(y));
  }
  ComplexVector out(configs.rows());
  for (Index r = 0; r < configs.rows(); ++r) {
    Complex m = 0;
    for (Index s = 0; s < n; ++s)
      m += static_cast<Real>(configs(r, s)) * phase[static_cast<std::size_t>(s)];
    out(r) = std::norm(m) / static_cast<Real>(n);
  }
  return out;
}

}  // namespace vitvmc
