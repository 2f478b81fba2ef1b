// Exact diagonalisation against published numbers (DESIGN.md section 6, S units, periodic) and
// against the reference file tests/physics/data/j1j2_ed_reference.json that vmc_ed generates.

#include <gtest/gtest.h>

#include "ed_reference.hpp"

namespace vitvmc {
namespace {

using testing::exact_ground_state;
using testing::read_reference;
using testing::ReferenceEntry;

TEST(ExactDiagonalisation, FourByFourHeisenberg) {
  const GroundState gs = exact_ground_state(4, 4, 0.0, false);
  EXPECT_NEAR(gs.energy, -11.2284832084, 1e-8);
  EXPECT_NEAR(gs.energy / 16, -0.7017802005, 1e-8);
}

TEST(ExactDiagonalisation, FourByFourFrustrated) {
  const GroundState gs = exact_ground_state(4, 4, 0.5, false);
  EXPECT_NEAR(gs.energy, -8.4579233514, 1e-8);
  EXPECT_NEAR(gs.energy / 16, -0.5286202095, 1e-8);
}

TEST(ExactDiagonalisation, MarshallSignLeavesTheSpectrumUnchanged) {
  // A diagonal +-1 change of basis: identical eigenvalues, different matrix elements.
  for (const Real j2 : {0.0, 0.5, 0.8}) {
    const Real plain = exact_ground_state(4, 4, j2, false).energy;
    const Real marshall = exact_ground_state(4, 4, j2, true).energy;
    EXPECT_NEAR(marshall, plain, 1e-10) << "J2 = " << j2;
  }
}

TEST(ExactDiagonalisation, ReferenceFileMatchesFourByFour) {
  int checked = 0;
  for (const ReferenceEntry& e : read_reference()) {
    EXPECT_NEAR(e.energy_per_site, e.energy / static_cast<Real>(e.lx * e.ly), 1e-10);
    EXPECT_EQ(static_cast<std::uint64_t>(e.dimension), SzZeroBasis::sector_dimension(e.lx * e.ly));
    if (e.lx * e.ly > 16) continue;  // larger lattices: the slow test below
    EXPECT_NEAR(exact_ground_state(e.lx, e.ly, e.j2, false).energy, e.energy, 1e-8);
    ++checked;
  }
  EXPECT_GE(checked, 2);  // J2 = 0 and 0.5
}

}  // namespace
}  // namespace vitvmc
