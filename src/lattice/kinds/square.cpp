// --lattice.type square: the J1-J2 model (j1 on nearest neighbours, j2 on the plaquette diagonals).
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/lattice/lattice_kind.hpp"

namespace vitvmc {
namespace {

BondSet square_bonds(const SquareLattice& lattice) {
  std::vector<int> colour;
  if (lattice.lx() % 2 == 0 && lattice.ly() % 2 == 0) {
    for (Index s = 0; s < lattice.n_sites(); ++s) colour.push_back(lattice.sublattice(s));
  }
  return BondSet(lattice.n_sites(), lattice.j1_bonds(), lattice.j2_bonds(), std::move(colour));
}

// The Marshall sign needs a bipartite periodic lattice: exact at J2 = 0, a good prior up to
// J2 ~ 0.5 (docs/vmc.md); users turn it off in the stripe phase.
bool even_sides(const LatticeConfig& l) { return has_even_sides(l); }

// Exact diagonalisation, S units, periodic (DESIGN.md section 6; 4x3 from our vmc_ed).
Real ed_energy(const LatticeConfig& l) {
  struct Reference {
    Index lx, ly;
    Real j2, energy_per_site;
  };
  static constexpr Reference kTable[] = {{4, 3, 0.0, -0.6140181412}, {4, 3, 0.5, -0.5170321522},
                                         {4, 4, 0.0, -0.7017802005}, {4, 4, 0.5, -0.5286202095},
                                         {6, 6, 0.0, -0.67887215},   {6, 6, 0.5, -0.50380965}};
  for (const Reference& r : kTable)
    if (r.lx == l.lx && r.ly == l.ly && l.j1 == 1.0 && std::abs(r.j2 - l.j2) < 1e-12)
      return r.energy_per_site;
  return std::numeric_limits<Real>::quiet_NaN();
}

}  // namespace

const LatticeDefinition& square_lattice_definition() {
  static const LatticeDefinition definition{"J1-J2", 1, square_bonds, even_sides, ed_energy};
  return definition;
}

BondSet square_j1j2_bonds(const SquareLattice& lattice) { return square_bonds(lattice); }

}  // namespace vitvmc
