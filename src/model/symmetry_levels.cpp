// The built-in --model.symmetrize levels and the dispatch over VITVMC_SYMMETRY_LEVELS. A token
// without its `<level>_symmetry_group` function fails to link.
#include "vitvmc/model/symmetry_level.hpp"

namespace vitvmc {

#define VITVMC_DECLARE_LEVEL(level) \
  std::optional<SymmetryGroup> level##_symmetry_group(const SymmetryCandidates& c);
VITVMC_SYMMETRY_LEVELS(VITVMC_DECLARE_LEVEL)
#undef VITVMC_DECLARE_LEVEL

std::optional<SymmetryGroup> none_symmetry_group(const SymmetryCandidates&) { return std::nullopt; }

/// The translations alone.
std::optional<SymmetryGroup> translations_symmetry_group(const SymmetryCandidates& c) {
  return SymmetryGroup(c.lattice, c.bonds, c.tx_count, c.ty_count, false, false);
}

/// Translations x the point group (C4v, or C2v when Lx != Ly) that preserves the bonds.
std::optional<SymmetryGroup> lattice_symmetry_group(const SymmetryCandidates& c) {
  return SymmetryGroup(c.lattice, c.bonds, c.tx_count, c.ty_count, false, true);
}

/// The lattice's space group x the global spin flip.
std::optional<SymmetryGroup> lattice_spinflip_symmetry_group(const SymmetryCandidates& c) {
  return SymmetryGroup(c.lattice, c.bonds, c.tx_count, c.ty_count, true, true);
}

std::optional<SymmetryGroup> symmetry_group_of(SymmetryLevel level, const SymmetryCandidates& c) {
  switch (level) {
#define VITVMC_LEVEL_CASE(name) \
  case SymmetryLevel::name:     \
    return name##_symmetry_group(c);
    VITVMC_SYMMETRY_LEVELS(VITVMC_LEVEL_CASE)
#undef VITVMC_LEVEL_CASE
  }
  return std::nullopt;  // unreachable: every enumerator has a case
}

}  // namespace vitvmc
