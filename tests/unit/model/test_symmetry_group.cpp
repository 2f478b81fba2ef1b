#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "symmetry_checks.hpp"
#include "vitvmc/model/symmetry_group.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

using Bonds = test::BondPairs;
using test::mapped;

TEST(SymmetryGroup, Sizes) {
  const SquareLattice square(4, 4), rect(6, 4);
  EXPECT_EQ(SymmetryGroup(square, 2, 2, false).size(), 4 * 8);
  EXPECT_EQ(SymmetryGroup(square, 2, 2, true).size(), 4 * 8 * 2);
  EXPECT_EQ(SymmetryGroup(square, 4, 4, true).size(), 16 * 8 * 2);
  EXPECT_EQ(SymmetryGroup(rect, 2, 2, false).size(), 4 * 4);
  EXPECT_EQ(SymmetryGroup(rect, 1, 1, true).size(), 4 * 2);
  EXPECT_EQ(SymmetryGroup::identity(5).size(), 1);
  EXPECT_THROW(SymmetryGroup(square, 0, 2, false), InvalidInput);
  EXPECT_THROW(SymmetryGroup(rect, 2, 5, false), InvalidInput);
}

TEST(SymmetryGroup, ElementsArePermutationsThatPreserveBonds) {
  for (const auto& [lx, ly] : {std::pair<Index, Index>{4, 4}, {6, 4}}) {
    const SquareLattice lattice(lx, ly);
    const SymmetryGroup group(lattice, 2, 2, true);
    const Bonds j1 = test::bond_pairs(lattice.j1_bonds()),
                j2 = test::bond_pairs(lattice.j2_bonds());
    std::set<std::vector<Index>> distinct;
    for (Index g = 0; g < group.size(); ++g) {
      std::vector<Index> sorted = group.source(g);
      std::sort(sorted.begin(), sorted.end());
      for (Index s = 0; s < lattice.n_sites(); ++s)
        ASSERT_EQ(sorted[static_cast<std::size_t>(s)], s);
      EXPECT_EQ(mapped(group, g, j1), j1) << "element " << g;
      EXPECT_EQ(mapped(group, g, j2), j2) << "element " << g;
      distinct.insert(group.source(g));
      EXPECT_EQ(group.flip(g), g < group.size() / 2 ? 1 : -1);
    }
    EXPECT_EQ(static_cast<Index>(distinct.size()),
              group.size() / 2);  // flip repeats the permutations
  }
}

TEST(SymmetryGroup, RotationAndTranslationAct) {
  const SquareLattice lattice(4, 4);
  const SymmetryGroup group(lattice, 2, 2, false);
  // Element 4 is the 90 degree rotation (x, y) -> (-y, x): the spin of site (1, 0) lands on (0, 1).
  EXPECT_EQ(group.source(4)[static_cast<std::size_t>(lattice.site(0, 1))], lattice.site(1, 0));
  // Elements 8..15 carry the translation by (1, 0): the identity part moves site 0 to site 1.
  EXPECT_EQ(group.source(8)[1], 0);
  std::vector<Spin> sigma(16, -1), out(16);
  sigma[static_cast<std::size_t>(lattice.site(2, 1))] = 1;
  group.apply(8, sigma.data(), out.data());
  EXPECT_EQ(out[static_cast<std::size_t>(lattice.site(3, 1))], 1);
  EXPECT_EQ(std::count(out.begin(), out.end(), Spin{1}), 1);
}

TEST(SymmetryGroup, FullTranslationsFormAGroup) {
  const SquareLattice lattice(4, 4);
  const SymmetryGroup group(lattice, 4, 4, true);
  std::set<std::pair<std::vector<Index>, int>> elements;
  for (Index g = 0; g < group.size(); ++g) elements.insert({group.source(g), group.flip(g)});
  ASSERT_EQ(static_cast<Index>(elements.size()), group.size());
  for (Index g = 0; g < group.size(); ++g) {
    for (Index h = 0; h < group.size(); ++h) {
      std::vector<Index> composed(16);  // (g h sigma)_s = sigma_{src_h[src_g[s]]}
      for (std::size_t s = 0; s < 16; ++s)
        composed[s] = group.source(h)[static_cast<std::size_t>(group.source(g)[s])];
      ASSERT_TRUE(elements.count({composed, group.flip(g) * group.flip(h)})) << g << " " << h;
    }
  }
}

}  // namespace
}  // namespace vitvmc
