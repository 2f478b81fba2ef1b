#pragma once
/// \file lattice_kind.hpp
/// What one --lattice.type is: a bond pattern on the periodic Lx x Ly square grid and the facts
/// about it the rest of the engine asks for. Each kind lives in its own file
/// (src/lattice/kinds/<kind>.cpp, defining `<kind>_lattice_definition()`) and is registered by
/// one token in VITVMC_LATTICE_KINDS (config/kinds.hpp); docs/extending.md.

#include <string_view>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/lattice/bond_set.hpp"
#include "vitvmc/lattice/square_lattice.hpp"

namespace vitvmc {

struct LatticeDefinition {
  /// How headers name the model ("J1-J2", "shastry_sutherland").
  std::string_view title;
  /// The bond pattern repeats every `period` sites along x and y: both sides must be multiples of
  /// it, and so must a translation-invariant ViT's patch.
  Index period = 1;
  /// The bonds (kind 1 carries j1, kind 2 j2) with the lattice's own sign rule, if it has one.
  BondSet (*bonds)(const SquareLattice& lattice) = nullptr;
  /// Whether --lattice.marshall auto turns the lattice's own sign rule on for these couplings.
  bool (*auto_sign_rule)(const LatticeConfig& lattice) = nullptr;
  /// The ground-state energy per site where it is known exactly at every size, else NaN.
  Real (*exact_energy_per_site)(const LatticeConfig& lattice) = nullptr;
};

/// The registered definition of `kind`.
const LatticeDefinition& lattice_definition(LatticeKind kind);

}  // namespace vitvmc
