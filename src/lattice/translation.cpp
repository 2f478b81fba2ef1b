#include "vitvmc/lattice/translation.hpp"

#include "vitvmc/util/error.hpp"

namespace vitvmc {

std::vector<Translation> translations_by(const SquareLattice& lattice, Index step_x, Index step_y) {
  VITVMC_REQUIRE(
      step_x > 0 && step_y > 0 && lattice.lx() % step_x == 0 && lattice.ly() % step_y == 0,
      "translation steps must divide the lattice sides");
  std::vector<Translation> group;
  for (Index dy = 0; dy < lattice.ly(); dy += step_y)
    for (Index dx = 0; dx < lattice.lx(); dx += step_x) group.push_back({dx, dy});
  return group;
}

std::vector<Index> destination_sites(const SquareLattice& lattice, Translation t) {
  std::vector<Index> to(static_cast<std::size_t>(lattice.n_sites()));
  for (Index s = 0; s < lattice.n_sites(); ++s) {
    const auto [x, y] = lattice.coordinates(s);
    to[static_cast<std::size_t>(s)] = lattice.site(x + t.dx, y + t.dy);
  }
  return to;
}

}  // namespace vitvmc
