#pragma once
/// \file sector_orbits.hpp
/// Orbits of the S^z = 0 basis under a group of lattice translations. A model whose log psi is
/// unchanged by every translation of the group (for every theta) has the same log psi, local
/// energy and log-derivatives on all states of an orbit, so exact summation needs one
/// representative per orbit, weighted by the orbit's size: a plain ViT on 4x4 with 2x2 patches
/// has 4 translations and sums over 3,270 representatives instead of 12,870 states.

#include <vector>

#include "vitvmc/hamiltonian/sz_zero_basis.hpp"
#include "vitvmc/lattice/translation.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

class SectorOrbits {
 public:
  /// Each state its own orbit (no invariance to exploit); stores nothing per state.
  explicit SectorOrbits(const SzZeroBasis& basis);
  /// Orbits under `group`, which must be a group (closed under composition, identity included),
  /// e.g. every translation by multiples of the patch side.
  SectorOrbits(const SzZeroBasis& basis, const SquareLattice& lattice,
               const std::vector<Translation>& group);

  /// Number of orbits.
  Index size() const { return trivial_ ? n_states_ : static_cast<Index>(representative_.size()); }
  /// Basis index of orbit k's representative (its smallest basis index); ascending in k.
  Index representative(Index k) const {
    return trivial_ ? k : representative_[static_cast<std::size_t>(k)];
  }
  /// Number of basis states in orbit k.
  Index multiplicity(Index k) const {
    return trivial_ ? 1 : multiplicity_[static_cast<std::size_t>(k)];
  }
  /// Orbit of basis state i.
  Index orbit_of(Index i) const { return trivial_ ? i : orbit_of_[static_cast<std::size_t>(i)]; }
  bool trivial() const { return trivial_; }

 private:
  Index n_states_;
  bool trivial_ = true;
  std::vector<Index> representative_;
  std::vector<Index> multiplicity_;
  std::vector<Index> orbit_of_;
};

}  // namespace vitvmc
