#include <gtest/gtest.h>

#include <numeric>

#include "vitvmc/hamiltonian/sector_orbits.hpp"

namespace vitvmc {
namespace {

// Burnside: (12870 + 3 * 70) / 4 orbits of the 4x4 sector under translations by multiples of 2
// (each non-trivial translation fixes the C(8,4) = 70 states periodic under it).
TEST(SectorOrbits, CountsOrbitsOfPatchTranslations) {
  const SquareLattice lattice(4, 4);
  const SzZeroBasis basis(16);
  const SectorOrbits orbits(basis, lattice, translations_by(lattice, 2, 2));
  EXPECT_EQ(orbits.size(), 3270);
  Index states = 0;
  for (Index k = 0; k < orbits.size(); ++k) {
    states += orbits.multiplicity(k);
    EXPECT_EQ(orbits.orbit_of(orbits.representative(k)), k);
    if (k > 0) {
      EXPECT_GT(orbits.representative(k), orbits.representative(k - 1));
    }
  }
  EXPECT_EQ(states, basis.size());
  // Every state lies in the orbit of a representative no larger than itself.
  for (Index i = 0; i < basis.size(); ++i) EXPECT_LE(orbits.representative(orbits.orbit_of(i)), i);
}

TEST(SectorOrbits, TranslatedStatesShareTheirOrbit) {
  const SquareLattice lattice(4, 3);
  const SzZeroBasis basis(12);
  const SectorOrbits orbits(basis, lattice, translations_by(lattice, 1, 1));
  const std::vector<Index> to = destination_sites(lattice, {1, 2});
  for (Index i = 0; i < basis.size(); ++i) {
    SzZeroBasis::Mask moved = 0;
    for (Index s = 0; s < 12; ++s)
      if ((basis.state(i) >> s) & 1U)
        moved |= SzZeroBasis::Mask{1} << to[static_cast<std::size_t>(s)];
    EXPECT_EQ(orbits.orbit_of(basis.index_of(moved)), orbits.orbit_of(i));
  }
}

TEST(SectorOrbits, TrivialGroupKeepsEveryState) {
  const SquareLattice lattice(4, 4);
  const SzZeroBasis basis(16);
  const SectorOrbits orbits(basis, lattice, translations_by(lattice, 4, 4));
  EXPECT_TRUE(orbits.trivial());
  EXPECT_EQ(orbits.size(), basis.size());
  EXPECT_EQ(orbits.multiplicity(17), 1);
  EXPECT_EQ(orbits.orbit_of(17), 17);
}

}  // namespace
}  // namespace vitvmc
