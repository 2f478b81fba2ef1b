#include "vitvmc/lattice/square_lattice.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <utility>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

std::set<std::pair<Index, Index>> unordered(const std::vector<Bond>& bonds) {
  std::set<std::pair<Index, Index>> out;
  for (const Bond& b : bonds) out.insert({std::min(b.a, b.b), std::max(b.a, b.b)});
  return out;
}

// Every site has exactly `degree` partners at squared distance `d2` (minimum image).
void expect_regular(const SquareLattice& lat, const std::vector<Bond>& bonds, int degree, Index d2) {
  std::vector<int> count(static_cast<std::size_t>(lat.n_sites()), 0);
  for (const Bond& b : bonds) {
    auto [xa, ya] = lat.coordinates(b.a);
    auto [xb, yb] = lat.coordinates(b.b);
    Index dx = std::abs(xa - xb), dy = std::abs(ya - yb);
    dx = std::min(dx, lat.lx() - dx);
    dy = std::min(dy, lat.ly() - dy);
    EXPECT_EQ(dx * dx + dy * dy, d2);
    ++count[static_cast<std::size_t>(b.a)];
    ++count[static_cast<std::size_t>(b.b)];
  }
  for (int c : count) EXPECT_EQ(c, degree);
}

TEST(SquareLattice, SiteIndexIsRowMajorAndPeriodic) {
  SquareLattice lat(6, 4);
  EXPECT_EQ(lat.n_sites(), 24);
  EXPECT_EQ(lat.site(1, 2), 2 * 6 + 1);
  EXPECT_EQ(lat.site(-1, 0), 5);
  EXPECT_EQ(lat.site(6, 4), 0);
  EXPECT_EQ(lat.coordinates(13), std::make_pair(Index{1}, Index{2}));
}

TEST(SquareLattice, BondCountsAreTwoNOfEachKindAndDistinct) {
  for (auto [lx, ly] : {std::pair<Index, Index>{4, 4}, {6, 4}, {3, 5}, {10, 10}}) {
    SquareLattice lat(lx, ly);
    const Index n = lat.n_sites();
    EXPECT_EQ(static_cast<Index>(lat.j1_bonds().size()), 2 * n);
    EXPECT_EQ(static_cast<Index>(lat.j2_bonds().size()), 2 * n);
    EXPECT_EQ(static_cast<Index>(unordered(lat.j1_bonds()).size()), 2 * n) << lx << "x" << ly;
    EXPECT_EQ(static_cast<Index>(unordered(lat.j2_bonds()).size()), 2 * n) << lx << "x" << ly;
    expect_regular(lat, lat.j1_bonds(), 4, 1);
    expect_regular(lat, lat.j2_bonds(), 4, 2);
  }
}

TEST(SquareLattice, RejectsDegenerateSidesNamingTheOption) {
  for (Index bad : {-1, 0, 1, 2}) {
    try {
      SquareLattice lat(bad, 4);
      FAIL() << "accepted lx=" << bad;
    } catch (const InvalidInput& e) {
      EXPECT_EQ(e.option(), "--lattice.lx");
    }
    EXPECT_THROW(SquareLattice(4, bad), InvalidInput);
  }
}

TEST(SquareLattice, SublatticeIsACheckerboard) {
  SquareLattice lat(4, 4);
  for (const Bond& b : lat.j1_bonds()) EXPECT_NE(lat.sublattice(b.a), lat.sublattice(b.b));
  for (const Bond& b : lat.j2_bonds()) EXPECT_EQ(lat.sublattice(b.a), lat.sublattice(b.b));
}

}  // namespace
}  // namespace vitvmc
