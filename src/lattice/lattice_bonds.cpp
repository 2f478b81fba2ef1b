#include "vitvmc/lattice/lattice_bonds.hpp"

#include <string>
#include <utility>
#include <vector>

#include "vitvmc/lattice/translation.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

BondSet square_j1j2_bonds(const SquareLattice& lattice) {
  std::vector<int> colour;
  if (lattice.lx() % 2 == 0 && lattice.ly() % 2 == 0) {
    for (Index s = 0; s < lattice.n_sites(); ++s) colour.push_back(lattice.sublattice(s));
  }
  return BondSet(lattice.n_sites(), lattice.j1_bonds(), lattice.j2_bonds(), std::move(colour));
}

BondSet shastry_sutherland_bonds(const SquareLattice& lattice) {
  require_input(lattice.lx() % 2 == 0 && lattice.ly() % 2 == 0, "--lattice.type",
                "shastry_sutherland needs even --lattice.lx and --lattice.ly (the dimer pattern "
                "has period 2; multiples of 4 are recommended), got " +
                    std::to_string(lattice.lx()) + "x" + std::to_string(lattice.ly()));
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

BondSet lattice_bonds(const SquareLattice& lattice, const std::string& type) {
  if (type == "square") return square_j1j2_bonds(lattice);
  if (type == "shastry_sutherland") return shastry_sutherland_bonds(lattice);
  throw InvalidInput("--lattice.type",
                     "unknown lattice '" + type + "' (allowed: square, shastry_sutherland)");
}

BondSet lattice_bonds(const SquareLattice& lattice, const std::string& type,
                      bool checkerboard_sign) {
  BondSet bonds = lattice_bonds(lattice, type);
  if (!checkerboard_sign) return bonds;
  require_input(lattice.lx() % 2 == 0 && lattice.ly() % 2 == 0, "--lattice.marshall",
                "checkerboard needs even lattice sides, got " + std::to_string(lattice.lx()) + "x" +
                    std::to_string(lattice.ly()));
  std::vector<int> colour;
  for (Index s = 0; s < lattice.n_sites(); ++s) colour.push_back(lattice.sublattice(s));
  return BondSet(bonds.n_sites(), bonds.j1_bonds(), bonds.j2_bonds(), std::move(colour));
}

std::pair<Index, Index> translation_steps(const SquareLattice& lattice, const BondSet& bonds) {
  auto smallest = [&](Index side, bool along_x) {
    for (Index step = 1; step < side; ++step) {
      if (side % step != 0) continue;
      const Translation t = along_x ? Translation{step, 0} : Translation{0, step};
      if (bonds.preserved_by(destination_sites(lattice, t))) return step;
    }
    return side;
  };
  return {smallest(lattice.lx(), true), smallest(lattice.ly(), false)};
}

}  // namespace vitvmc
