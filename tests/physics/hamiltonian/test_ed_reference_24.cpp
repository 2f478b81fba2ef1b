// Slow: recomputes the 24-site (6x4) entries of tests/physics/data/j1j2_ed_reference.json
// (dimension 2,704,156; minutes on 2 cores).

#include <gtest/gtest.h>

#include "ed_reference.hpp"

namespace vitvmc {
namespace {

using testing::exact_ground_state;
using testing::read_reference;
using testing::ReferenceEntry;

TEST(ExactDiagonalisationSlow, ReferenceFileMatchesTwentyFourSites) {
  int checked = 0;
  for (const ReferenceEntry& e : read_reference()) {
    if (e.lx * e.ly != 24) continue;
    EXPECT_NEAR(exact_ground_state(e.lx, e.ly, e.j2, false, 2).energy, e.energy, 1e-8);
    ++checked;
  }
  EXPECT_GE(checked, 1);
}

}  // namespace
}  // namespace vitvmc
