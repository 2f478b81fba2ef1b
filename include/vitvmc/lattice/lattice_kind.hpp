#pragma once
/// \file lattice_kind.hpp
/// What one --lattice.type is: a bond pattern on the periodic Lx x Ly square grid and the facts
/// about it the rest of the engine asks for. Each kind lives in its own file
/// (src/lattice/kinds/<kind>.cpp, defining `<kind>_lattice_definition()`) and is registered by
/// one token in VITVMC_LATTICE_KINDS (config/kinds.hpp); docs/extending.md.

#include <optional>
#include <string_view>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/lattice/bond_set.hpp"
#include "vitvmc/lattice/square_lattice.hpp"

namespace vitvmc {

/// A ground-state energy per site to compare a run with: exact (ED, or exact at every size) or the
/// best published estimate, with its source.
struct ReferenceEnergy {
  Real energy_per_site = 0;
  bool exact = false;
  std::string_view source;  ///< e.g. "ED", "QMC (Sandvik 1997)"
};

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
  /// The reference energy per site of these couplings and size, if one is known (summary.json's
  /// `reference_energy_per_site` and `relative_error`).
  std::optional<ReferenceEnergy> (*reference_energy)(const LatticeConfig& lattice) = nullptr;
};

/// The registered definition of `kind`.
const LatticeDefinition& lattice_definition(LatticeKind kind);

}  // namespace vitvmc
