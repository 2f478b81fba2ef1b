#include "vitvmc/lattice/patch_map.hpp"

#include <gtest/gtest.h>

#include <set>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

TEST(PatchMap, CoversEverySiteOnceOnSquareAndRectangle) {
  for (auto [lx, ly, b] : {std::tuple<Index, Index, Index>{4, 4, 2}, {6, 4, 2}, {6, 6, 3}, {4, 6, 1}}) {
    SquareLattice lat(lx, ly);
    PatchMap patches(lat, b);
    EXPECT_EQ(patches.n_patches() * patches.features(), lat.n_sites());
    std::set<Index> seen;
    for (Index p = 0; p < patches.n_patches(); ++p)
      for (Index q = 0; q < patches.features(); ++q) seen.insert(patches.site(p, q));
    EXPECT_EQ(static_cast<Index>(seen.size()), lat.n_sites());
  }
}

TEST(PatchMap, FeatureOrderIsRowMajorInsideThePatch) {
  SquareLattice lat(6, 4);
  PatchMap patches(lat, 2);
  EXPECT_EQ(patches.grid_x(), 3);
  EXPECT_EQ(patches.grid_y(), 2);
  // Patch I = py*3 + px = 4 -> (px, py) = (1, 1): sites (2..3, 2..3).
  EXPECT_EQ(patches.site(4, 0), lat.site(2, 2));
  EXPECT_EQ(patches.site(4, 1), lat.site(3, 2));
  EXPECT_EQ(patches.site(4, 2), lat.site(2, 3));
  EXPECT_EQ(patches.site(4, 3), lat.site(3, 3));
}

TEST(PatchMap, DisplacementIsTranslationInvariant) {
  SquareLattice lat(6, 4);
  PatchMap patches(lat, 2);
  for (Index i = 0; i < patches.n_patches(); ++i) EXPECT_EQ(patches.displacement(i, i), 0);
  EXPECT_EQ(patches.displacement(0, 1), 1);
  EXPECT_EQ(patches.displacement(1, 0), 2);  // dx = -1 mod 3
  EXPECT_EQ(patches.displacement(0, 3), 3);  // dy = 1
  // Patches 2 = (2,0) and 4 = (1,1) shifted by one patch in x are 0 = (0,0) and 5 = (2,1).
  EXPECT_EQ(patches.displacement(2, 4), 5);
  EXPECT_EQ(patches.displacement(0, 5), 5);
}

TEST(PatchMap, RejectsPatchThatDoesNotDivide) {
  SquareLattice lat(6, 4);
  try {
    PatchMap patches(lat, 4);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.option(), "--model.patch");
  }
  EXPECT_THROW(PatchMap(lat, 0), InvalidInput);
}

}  // namespace
}  // namespace vitvmc
