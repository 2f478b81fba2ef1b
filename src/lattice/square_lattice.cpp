#include "vitvmc/lattice/square_lattice.hpp"

#include <string>

#include "vitvmc/util/error.hpp"

namespace vitvmc {

SquareLattice::SquareLattice(Index lx, Index ly) : lx_(lx), ly_(ly) {
  const std::string why = "must be an integer >= 3 (sides of 1 or 2 make periodic bonds coincide)";
  require_input(lx >= 3, "--lattice.lx", why + ", got " + std::to_string(lx));
  require_input(ly >= 3, "--lattice.ly", why + ", got " + std::to_string(ly));
  const Index n = n_sites();
  j1_bonds_.reserve(static_cast<std::size_t>(2 * n));
  j2_bonds_.reserve(static_cast<std::size_t>(2 * n));
  for (Index s = 0; s < n; ++s) {
    const auto [x, y] = coordinates(s);
    j1_bonds_.push_back({s, site(x + 1, y)});
    j1_bonds_.push_back({s, site(x, y + 1)});
    j2_bonds_.push_back({s, site(x + 1, y + 1)});
    j2_bonds_.push_back({s, site(x + 1, y - 1)});
  }
}

Index SquareLattice::site(Index x, Index y) const {
  const Index xm = ((x % lx_) + lx_) % lx_;
  const Index ym = ((y % ly_) + ly_) % ly_;
  return ym * lx_ + xm;
}

int SquareLattice::sublattice(Index s) const {
  const auto [x, y] = coordinates(s);
  return static_cast<int>((x + y) % 2);
}

}  // namespace vitvmc
