// --lattice.type shastry_sutherland: j1 = J' on the square bonds, j2 = J on orthogonal dimers.
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/lattice/lattice_kind.hpp"

namespace vitvmc {
namespace {

// J'/J below which the ground state is the dimer product (0.675(2), Corboz and Mila, PRB 87,
// 115144 (2013)): where "auto" turns the dimer sign rule on.
constexpr Real kDimerPhaseEnd = 0.675;

BondSet dimer_bonds(const SquareLattice& lattice) {
  std::vector<Bond> dimers;
  std::vector<int> colour;
  for (Index s = 0; s < lattice.n_sites(); ++s) {
    const auto [x, y] = lattice.coordinates(s);
    colour.push_back(static_cast<int>(x % 2));
    if (x % 2 == 0 && y % 2 == 0) dimers.push_back({s, lattice.site(x + 1, y + 1)});
    if (x % 2 == 1 && y % 2 == 1)
      dimers.push_back({lattice.site(x + 1, y), lattice.site(x, y + 1)});
  }
  return BondSet(lattice.n_sites(), lattice.j1_bonds(), std::move(dimers), std::move(colour));
}

// The dimer rule makes the dimer-product ground state positive: on only in the dimer phase.
bool in_dimer_phase(const LatticeConfig& l) {
  return has_even_sides(l) && l.j2 > 0 && std::abs(l.j1) < kDimerPhaseEnd * l.j2;
}

// The dimer product is the exact ground state for J' <= J/2 on every cluster (Shastry and
// Sutherland 1981); beyond that nothing is known exactly.
std::optional<ReferenceEnergy> dimer_product_energy(const LatticeConfig& l) {
  if (l.j2 > 0 && std::abs(l.j1) <= 0.5 * l.j2)
    return ReferenceEnergy{-3.0 / 8.0 * l.j2, true, "the dimer product (exact for J' <= J/2)"};
  return std::nullopt;
}

}  // namespace

const LatticeDefinition& shastry_sutherland_lattice_definition() {
  static const LatticeDefinition definition{"shastry_sutherland", 2, dimer_bonds, in_dimer_phase,
                                            dimer_product_energy};
  return definition;
}

BondSet shastry_sutherland_bonds(const SquareLattice& lattice) {
  return lattice_bonds(lattice, LatticeKind::shastry_sutherland);
}

}  // namespace vitvmc
