#pragma once
/// \file translation.hpp
/// Lattice translations, and the groups of them a model can be invariant under.

#include <vector>

#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// The translation moving the spin on (x, y) to (x + dx, y + dy) (periodic).
struct Translation {
  Index dx = 0;
  Index dy = 0;
};

/// Every translation by multiples of (step_x, step_y), identity first: the group a model with that
/// periodicity is invariant under (steps equal to the sides give the identity alone).
std::vector<Translation> translations_by(const SquareLattice& lattice, Index step_x, Index step_y);

/// destination[s] = the site the spin on s moves to.
std::vector<Index> destination_sites(const SquareLattice& lattice, Translation t);

}  // namespace vitvmc
