#include "vitvmc/hamiltonian/j1j2.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

std::vector<Spin> neel(const SquareLattice& lat) {
  std::vector<Spin> s(static_cast<std::size_t>(lat.n_sites()));
  for (Index i = 0; i < lat.n_sites(); ++i) s[static_cast<std::size_t>(i)] = lat.sublattice(i) ? -1 : 1;
  return s;
}

TEST(J1J2, NeelDiagonalAndConnections) {
  SquareLattice lat(4, 4);
  J1J2Hamiltonian h(lat, 1.0, 0.5);
  const auto s = neel(lat);
  // 2N J1 bonds antiparallel (-1/4 each), 2N J2 bonds parallel (+J2/4 each).
  EXPECT_DOUBLE_EQ(h.diagonal(s.data()), -2.0 * 16 / 4 + 0.5 * 2 * 16 / 4);
  int n = 0;
  h.for_each_connected(s.data(), [&](Index a, Index b, Real element) {
    EXPECT_NE(s[static_cast<std::size_t>(a)], s[static_cast<std::size_t>(b)]);
    EXPECT_DOUBLE_EQ(element, 0.5);
    ++n;
  });
  EXPECT_EQ(n, 32);  // every J1 bond flips, no J2 bond does
}

TEST(J1J2, MarshallSignFlipsOnlyJ1Elements) {
  SquareLattice lat(4, 4);
  J1J2Hamiltonian h(lat, 1.0, 0.5, true);
  for (const CoupledBond& b : h.bonds()) {
    const Real expected = b.coupling == 1.0 ? -0.5 : 0.25;
    EXPECT_DOUBLE_EQ(b.exchange_element, expected);
  }
  EXPECT_THROW(J1J2Hamiltonian(SquareLattice(5, 4), 1.0, 0.0, true), InvalidInput);
}

TEST(J1J2, ZeroJ2DropsTheDiagonalBonds) {
  SquareLattice lat(6, 4);
  EXPECT_EQ(J1J2Hamiltonian(lat, 1.0, 0.0).max_connected(), 48);
  EXPECT_EQ(J1J2Hamiltonian(lat, 1.0, 0.3).max_connected(), 96);
}

}  // namespace
}  // namespace vitvmc
