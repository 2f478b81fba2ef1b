#include "vitvmc/estimator/sector_local_energy.hpp"

#include <cmath>
#include <vector>

#include "vitvmc/util/error.hpp"

namespace vitvmc {

ComplexVector sector_local_energies(const J1J2Hamiltonian& hamiltonian, const SzZeroBasis& basis,
                                    const ComplexVector& log_psi_all, Index begin, Index end) {
  VITVMC_REQUIRE(log_psi_all.size() == basis.size(), "log_psi_all must cover the whole sector");
  const Index n = basis.n_sites();
  std::vector<Spin> config(static_cast<std::size_t>(n));
  ComplexVector e_loc(end - begin);
  for (Index i = begin; i < end; ++i) {
    basis.fill_config(i, config.data());
    const SzZeroBasis::Mask mask = basis.state(i);
    Complex sum = hamiltonian.diagonal(config.data());
    hamiltonian.for_each_connected(config.data(), [&](Index a, Index b, Real element) {
      const SzZeroBasis::Mask flipped =
          mask ^ ((SzZeroBasis::Mask{1} << a) | (SzZeroBasis::Mask{1} << b));
      sum += element * std::exp(log_psi_all(basis.index_of(flipped)) - log_psi_all(i));
    });
    e_loc(i - begin) = sum;
  }
  return e_loc;
}

}  // namespace vitvmc
