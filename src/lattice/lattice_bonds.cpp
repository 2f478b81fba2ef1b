#include "vitvmc/lattice/lattice_bonds.hpp"

#include <string>
#include <utility>
#include <vector>

#include "vitvmc/lattice/lattice_kind.hpp"
#include "vitvmc/lattice/translation.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

BondSet lattice_bonds(const SquareLattice& lattice, LatticeKind kind) {
  const LatticeDefinition& definition = lattice_definition(kind);
  const Index p = definition.period;
  require_input(lattice.lx() % p == 0 && lattice.ly() % p == 0, "--lattice.type",
                std::string(name_of(kind)) + " needs sides that are multiples of " +
                    std::to_string(p) + (p == 2 ? " (even sides)" : "") +
                    ": its bond pattern has period " + std::to_string(p) + ", got " +
                    std::to_string(lattice.lx()) + "x" + std::to_string(lattice.ly()));
  return definition.bonds(lattice);
}

BondSet lattice_bonds(const SquareLattice& lattice, LatticeKind kind, bool checkerboard_sign) {
  BondSet bonds = lattice_bonds(lattice, kind);
  if (!checkerboard_sign) return bonds;
  require_input(lattice.lx() % 2 == 0 && lattice.ly() % 2 == 0, "--lattice.marshall",
                "checkerboard needs even lattice sides, got " + std::to_string(lattice.lx()) + "x" +
                    std::to_string(lattice.ly()));
  std::vector<int> colour;
  for (Index s = 0; s < lattice.n_sites(); ++s) colour.push_back(lattice.sublattice(s));
  return BondSet(bonds.n_sites(), bonds.j1_bonds(), bonds.j2_bonds(), std::move(colour));
}

BondSet lattice_bonds(const LatticeConfig& config) {
  return lattice_bonds(SquareLattice(config.lx, config.ly), config.type,
                       uses_checkerboard_sign(config));
}

MarshallRule resolved_sign_rule(const LatticeConfig& config) {
  if (config.marshall != MarshallRule::automatic) return config.marshall;
  return lattice_definition(config.type).auto_sign_rule(config) ? MarshallRule::on
                                                                : MarshallRule::off;
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
