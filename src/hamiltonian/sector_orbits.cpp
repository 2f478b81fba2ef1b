#include "vitvmc/hamiltonian/sector_orbits.hpp"

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

using Mask = SzZeroBasis::Mask;

Mask move_bits(Mask mask, const std::vector<Index>& to) {
  Mask out = 0;
  for (std::size_t s = 0; s < to.size(); ++s) {
    if ((mask >> s) & 1U) out |= Mask{1} << to[s];
  }
  return out;
}

}  // namespace

SectorOrbits::SectorOrbits(const SzZeroBasis& basis) : n_states_(basis.size()) {}

SectorOrbits::SectorOrbits(const SzZeroBasis& basis, const SquareLattice& lattice,
                           const std::vector<Translation>& group)
    : n_states_(basis.size()), trivial_(group.size() <= 1) {
  VITVMC_REQUIRE(basis.n_sites() == lattice.n_sites(), "basis and lattice disagree on n_sites");
  if (trivial_) return;
  std::vector<std::vector<Index>> maps;
  for (const Translation& t : group) maps.push_back(destination_sites(lattice, t));
  orbit_of_.assign(static_cast<std::size_t>(n_states_), -1);
  // Ascending scan: the first state met of each orbit is its smallest, i.e. the representative.
  for (Index i = 0; i < n_states_; ++i) {
    if (orbit_of_[static_cast<std::size_t>(i)] >= 0) continue;
    const Index k = static_cast<Index>(representative_.size());
    Index count = 0;
    for (const std::vector<Index>& to : maps) {
      const Index j = basis.index_of(move_bits(basis.state(i), to));
      Index& orbit = orbit_of_[static_cast<std::size_t>(j)];
      VITVMC_REQUIRE(orbit < 0 || orbit == k, "translations given are not a group");
      if (orbit < 0) ++count;
      orbit = k;
    }
    representative_.push_back(i);
    multiplicity_.push_back(count);
  }
}

}  // namespace vitvmc
