#pragma once
/// \file symmetry_level.hpp
/// What a --model.symmetrize level projects onto. Each level is a function
/// `<level>_symmetry_group(const SymmetryCandidates&)` (the built-in ones are in
/// src/model/symmetry_levels.cpp; a new one may live in its own file) registered by one token in
/// VITVMC_SYMMETRY_LEVELS (config/kinds.hpp); docs/extending.md.

#include <optional>

#include "vitvmc/config/kinds.hpp"
#include "vitvmc/lattice/bond_set.hpp"
#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/model/symmetry_group.hpp"

namespace vitvmc {

/// Where a level draws its elements from: the lattice, its bonds (only elements that preserve them
/// are kept) and the translations the model does not already have (tx_count x ty_count of them:
/// the patch's b x b for a translation-invariant ViT, all Lx x Ly otherwise).
struct SymmetryCandidates {
  const SquareLattice& lattice;
  const BondSet& bonds;
  Index tx_count;
  Index ty_count;
};

/// The group `level` projects onto; nothing for a level that does not project ("none"). Every
/// projecting level contains those translations (exact summation over orbits relies on it).
std::optional<SymmetryGroup> symmetry_group_of(SymmetryLevel level,
                                               const SymmetryCandidates& candidates);

}  // namespace vitvmc
