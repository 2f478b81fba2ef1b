#include "vitvmc/hamiltonian/j1j2.hpp"

#include "vitvmc/util/error.hpp"

namespace vitvmc {

J1J2Hamiltonian::J1J2Hamiltonian(const SquareLattice& lattice, Real j1, Real j2, bool marshall_sign)
    : n_sites_(lattice.n_sites()), j1_(j1), j2_(j2), marshall_(marshall_sign) {
  require_input(!marshall_sign || (lattice.lx() % 2 == 0 && lattice.ly() % 2 == 0),
                "--lattice.marshall", "needs even lattice sides (bipartite with periodic boundaries)");
  auto add = [&](const std::vector<Bond>& list, Real coupling, bool crosses_sublattices) {
    if (coupling == 0.0) return;
    const Real sign = (marshall_ && crosses_sublattices) ? -1.0 : 1.0;
    for (const Bond& bond : list) bonds_.push_back({bond.a, bond.b, coupling, sign * coupling / 2});
  };
  add(lattice.j1_bonds(), j1, true);
  add(lattice.j2_bonds(), j2, false);
}

Real J1J2Hamiltonian::diagonal(const Spin* config) const {
  Real sum = 0;
  for (const CoupledBond& bond : bonds_) {
    sum += bond.coupling * static_cast<Real>(config[bond.a] * config[bond.b]);
  }
  return sum / 4;
}

}  // namespace vitvmc
