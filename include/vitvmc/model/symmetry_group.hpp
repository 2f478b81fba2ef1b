#pragma once
/// \file symmetry_group.hpp
/// SymmetryGroup: the lattice symmetries a SymmetrizedWaveFunction projects onto, as site
/// permutations (with an optional global spin flip). Element g acts on a configuration as
///   (g sigma)_s = flip_g * sigma_{source_g[s]}.
///
/// The elements are T(tx, ty) R for translations 0 <= tx < tx_count, 0 <= ty < ty_count and R in
/// the point group about site 0: C4v (8 elements) when Lx == Ly, otherwise the rectangle's C2v (4
/// elements); then, optionally, the same set again composed with sigma -> -sigma. With tx_count =
/// Lx, ty_count = Ly this is the full space group (x Z2). With tx_count = ty_count = b it is a set
/// of coset representatives of the space group modulo translations by multiples of b: enough for a
/// model (the ViT) that is already invariant under those translations.
///
/// Given a BondSet, only the elements that map the bonds (kind by kind) onto themselves are kept:
/// the lattice's own space group. On the square J1-J2 bonds that keeps every element; on the
/// Shastry-Sutherland bonds it keeps the translations by the 2x2 unit cell times the 8 point
/// operations (about plaquette centres) that map the dimer pattern to itself, 2N elements in all.

#include <vector>

#include "vitvmc/lattice/bond_set.hpp"
#include "vitvmc/lattice/square_lattice.hpp"

namespace vitvmc {

class SymmetryGroup {
 public:
  /// Throws InvalidInput naming --model.patch unless 1 <= tx_count <= Lx, 1 <= ty_count <= Ly.
  /// point_group = false keeps the translations alone (the "translations" level).
  SymmetryGroup(const SquareLattice& lattice, Index tx_count, Index ty_count, bool spin_flip,
                bool point_group = true);
  /// The same candidates, keeping those that preserve `bonds` (read during construction only):
  /// the lattice's own space group, or coset representatives of it.
  SymmetryGroup(const SquareLattice& lattice, const BondSet& bonds, Index tx_count, Index ty_count,
                bool spin_flip, bool point_group = true);

  /// Only the identity (for tests and for "no symmetrisation" through the same code path).
  static SymmetryGroup identity(Index n_sites);

  Index size() const { return static_cast<Index>(sources_.size()); }
  Index n_sites() const { return n_sites_; }
  /// source(g)[s]: the site whose spin lands on s under element g.
  const std::vector<Index>& source(Index g) const { return sources_[static_cast<std::size_t>(g)]; }
  /// -1 when element g also flips every spin, +1 otherwise.
  int flip(Index g) const { return flips_[static_cast<std::size_t>(g)]; }

  /// Writes g sigma (n_sites spins) to `out`.
  void apply(Index g, const Spin* sigma, Spin* out) const;

 private:
  SymmetryGroup() = default;
  SymmetryGroup(const SquareLattice& lattice, const BondSet* bonds, Index tx_count, Index ty_count,
                bool spin_flip, bool point_group);
  Index n_sites_ = 0;
  std::vector<std::vector<Index>> sources_;
  std::vector<int> flips_;
};

}  // namespace vitvmc
