#pragma once
/// \file bond_set.hpp
/// BondSet: the bonds a spin-1/2 Heisenberg model lives on, as the engine sees them. Every bond
/// belongs to one of two kinds: kind 1 carries --lattice.j1 and the sampler's j1 moves, kind 2
/// carries --lattice.j2 and the j2 moves. A new lattice is a builder returning a BondSet
/// (lattice_bonds.hpp); the Hamiltonian, ED, the sampler and the symmetry group take it as it is.
///
/// The optional sign rule is a two-colouring of the sites: under --lattice.marshall the basis is
/// rotated by (-1)^{number of up spins of colour 1}, which negates the exchange element of every
/// bond joining two colours (the Marshall sign when the colouring is the square checkerboard).

#include <utility>
#include <vector>

#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

class BondSet {
 public:
  /// `sign_colour` holds 0/1 per site, or is empty when the lattice has no sign rule. Bonds must
  /// join two distinct sites in [0, n_sites).
  BondSet(Index n_sites, std::vector<Bond> j1_bonds, std::vector<Bond> j2_bonds,
          std::vector<int> sign_colour);

  Index n_sites() const { return n_sites_; }
  const std::vector<Bond>& j1_bonds() const { return j1_bonds_; }
  const std::vector<Bond>& j2_bonds() const { return j2_bonds_; }
  bool has_sign_rule() const { return !sign_colour_.empty(); }
  /// Colour (0/1) of site s under the sign rule; only when has_sign_rule().
  int sign_colour(Index s) const { return sign_colour_[static_cast<std::size_t>(s)]; }

  /// Whether the site permutation `image` (site s goes to image[s]) maps every bond onto a bond of
  /// the same kind, i.e. leaves the Hamiltonian invariant for any couplings.
  bool preserved_by(const std::vector<Index>& image) const;

 private:
  Index n_sites_;
  std::vector<Bond> j1_bonds_;
  std::vector<Bond> j2_bonds_;
  std::vector<int> sign_colour_;
  /// Each kind's bonds as sorted (min, max) site pairs, for preserved_by.
  std::vector<std::pair<Index, Index>> sorted_j1_;
  std::vector<std::pair<Index, Index>> sorted_j2_;
};

}  // namespace vitvmc
