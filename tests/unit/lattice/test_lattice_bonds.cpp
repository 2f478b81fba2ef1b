#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

/// Periodic coordinate difference in (-side/2, side/2].
Index wrap(Index d, Index side) {
  d = ((d % side) + side) % side;
  return d > side / 2 ? d - side : d;
}

TEST(ShastrySutherlandBonds, EverySiteInExactlyOneDiagonalDimer) {
  for (const auto& [lx, ly] : {std::pair<Index, Index>{4, 4}, {8, 8}, {8, 4}, {6, 6}}) {
    const SquareLattice lattice(lx, ly);
    const BondSet bonds = shastry_sutherland_bonds(lattice);
    ASSERT_EQ(bonds.j2_bonds().size(), static_cast<std::size_t>(lattice.n_sites() / 2));
    std::vector<int> dimers_of(static_cast<std::size_t>(lattice.n_sites()), 0);
    for (const Bond& b : bonds.j2_bonds()) {
      ++dimers_of[static_cast<std::size_t>(b.a)];
      ++dimers_of[static_cast<std::size_t>(b.b)];
      const auto [xa, ya] = lattice.coordinates(b.a);
      const auto [xb, yb] = lattice.coordinates(b.b);
      EXPECT_EQ(std::abs(wrap(xb - xa, lx)), 1);  // a plaquette diagonal
      EXPECT_EQ(std::abs(wrap(yb - ya, ly)), 1);
      // The sign colouring puts the two ends of a dimer on different colours.
      EXPECT_NE(bonds.sign_colour(b.a), bonds.sign_colour(b.b));
    }
    for (const int count : dimers_of) EXPECT_EQ(count, 1) << lx << "x" << ly;
    // J' bonds: the square lattice's nearest neighbours, unchanged.
    ASSERT_EQ(bonds.j1_bonds().size(), lattice.j1_bonds().size());
    for (std::size_t i = 0; i < bonds.j1_bonds().size(); ++i) {
      EXPECT_EQ(bonds.j1_bonds()[i].a, lattice.j1_bonds()[i].a);
      EXPECT_EQ(bonds.j1_bonds()[i].b, lattice.j1_bonds()[i].b);
    }
  }
}

TEST(ShastrySutherlandBonds, DimersAlternateBetweenTheTwoDiagonalDirections) {
  // Orthogonal dimers: the SS pattern, not a columnar arrangement of parallel dimers.
  const SquareLattice lattice(8, 8);
  const BondSet bonds = shastry_sutherland_bonds(lattice);
  int slash = 0, backslash = 0;
  for (const Bond& b : bonds.j2_bonds()) {
    const auto [xa, ya] = lattice.coordinates(b.a);
    const auto [xb, yb] = lattice.coordinates(b.b);
    (wrap(xb - xa, 8) == wrap(yb - ya, 8) ? slash : backslash)++;
  }
  EXPECT_EQ(slash, 16);
  EXPECT_EQ(backslash, 16);
}

TEST(ShastrySutherlandBonds, TranslationStepsAreTheTwoByTwoCell) {
  const SquareLattice lattice(8, 4);
  EXPECT_EQ(translation_steps(lattice, shastry_sutherland_bonds(lattice)),
            (std::pair<Index, Index>{2, 2}));
  EXPECT_EQ(translation_steps(lattice, square_j1j2_bonds(lattice)),
            (std::pair<Index, Index>{1, 1}));
}

TEST(ShastrySutherlandBonds, RefusesOddSidesAndUnknownTypes) {
  try {
    shastry_sutherland_bonds(SquareLattice(5, 4));
    FAIL() << "odd side accepted";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("--lattice.type"), std::string::npos) << e.what();
  }
  EXPECT_THROW(lattice_bonds(SquareLattice(5, 4), LatticeKind::shastry_sutherland), InvalidInput);
  EXPECT_EQ(lattice_bonds(SquareLattice(4, 4), LatticeKind::shastry_sutherland).j2_bonds().size(),
            8U);
}

TEST(SquareJ1J2Bonds, AreTheSquareLatticeListsWithTheCheckerboardRule) {
  const SquareLattice even(4, 6), odd(3, 4);
  const BondSet bonds = square_j1j2_bonds(even);
  ASSERT_EQ(bonds.j2_bonds().size(), even.j2_bonds().size());
  for (std::size_t i = 0; i < bonds.j2_bonds().size(); ++i) {
    EXPECT_EQ(bonds.j2_bonds()[i].a, even.j2_bonds()[i].a);
    EXPECT_EQ(bonds.j2_bonds()[i].b, even.j2_bonds()[i].b);
  }
  ASSERT_TRUE(bonds.has_sign_rule());
  for (Index s = 0; s < even.n_sites(); ++s) EXPECT_EQ(bonds.sign_colour(s), even.sublattice(s));
  EXPECT_FALSE(square_j1j2_bonds(odd).has_sign_rule());
}

TEST(BondSet, PreservedByIsFalseForAPermutationMovingABondOffTheList) {
  const SquareLattice lattice(4, 4);
  const BondSet bonds = shastry_sutherland_bonds(lattice);
  std::vector<Index> identity(16), shift(16);
  for (Index s = 0; s < 16; ++s) {
    identity[static_cast<std::size_t>(s)] = s;
    const auto [x, y] = lattice.coordinates(s);
    shift[static_cast<std::size_t>(s)] =
        lattice.site(x + 1, y);  // moves dimers to empty plaquettes
  }
  EXPECT_TRUE(bonds.preserved_by(identity));
  EXPECT_FALSE(bonds.preserved_by(shift));
}

}  // namespace
}  // namespace vitvmc
