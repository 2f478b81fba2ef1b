#include "vitvmc/estimator/sector_local_energy.hpp"

#include <cmath>
#include <vector>

#include "vitvmc/util/error.hpp"

namespace vitvmc {

ComplexVector sector_local_energies(const HeisenbergModel& hamiltonian, const SzZeroBasis& basis,
                                    const SectorOrbits& orbits,
                                    const ComplexVector& log_psi_of_orbit, Index begin, Index end) {
  VITVMC_REQUIRE(log_psi_of_orbit.size() == orbits.size(), "log psi must cover every orbit");
  VITVMC_REQUIRE(0 <= begin && begin <= end && end <= orbits.size(), "orbit range out of bounds");
  const Index n = basis.n_sites();
  std::vector<Spin> config(static_cast<std::size_t>(n));
  ComplexVector e_loc(end - begin);
  for (Index k = begin; k < end; ++k) {
    const Index i = orbits.representative(k);
    basis.fill_config(i, config.data());
    const SzZeroBasis::Mask mask = basis.state(i);
    const Complex log_psi = log_psi_of_orbit(k);
    Complex sum = hamiltonian.diagonal(config.data());
    hamiltonian.for_each_connected(config.data(), [&](Index a, Index b, Real element) {
      const SzZeroBasis::Mask flipped =
          mask ^ ((SzZeroBasis::Mask{1} << a) | (SzZeroBasis::Mask{1} << b));
      sum +=
          element * std::exp(log_psi_of_orbit(orbits.orbit_of(basis.index_of(flipped))) - log_psi);
    });
    e_loc(k - begin) = sum;
  }
  return e_loc;
}

}  // namespace vitvmc
