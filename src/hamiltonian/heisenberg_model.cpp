#include "vitvmc/hamiltonian/heisenberg_model.hpp"

#include "vitvmc/util/error.hpp"

namespace vitvmc {

HeisenbergModel::HeisenbergModel(const BondSet& bonds, Real j1, Real j2, bool marshall_sign)
    : n_sites_(bonds.n_sites()), j1_(j1), j2_(j2), marshall_(marshall_sign) {
  require_input(!marshall_sign || bonds.has_sign_rule(), "--lattice.marshall",
                "needs even lattice sides (bipartite with periodic boundaries)");
  auto add = [&](const std::vector<Bond>& list, Real coupling) {
    if (coupling == 0.0) return;
    for (const Bond& bond : list) {
      const bool crosses = marshall_ && bonds.sign_colour(bond.a) != bonds.sign_colour(bond.b);
      const Real sign = crosses ? -1.0 : 1.0;
      bonds_.push_back({bond.a, bond.b, coupling, sign * coupling / 2});
    }
  };
  add(bonds.j1_bonds(), j1);
  add(bonds.j2_bonds(), j2);
}

Real HeisenbergModel::diagonal(const Spin* config) const {
  Real sum = 0;
  for (const CoupledBond& bond : bonds_) {
    sum += bond.coupling * static_cast<Real>(config[bond.a] * config[bond.b]);
  }
  return sum / 4;
}

}  // namespace vitvmc
