#include "vitvmc/lattice/patch_map.hpp"

#include <string>

#include "vitvmc/util/error.hpp"

namespace vitvmc {

PatchMap::PatchMap(const SquareLattice& lattice, Index b) : b_(b) {
  require_input(b >= 1, "--model.patch", "must be >= 1, got " + std::to_string(b));
  require_input(lattice.lx() % b == 0 && lattice.ly() % b == 0, "--model.patch",
                "must divide both lattice sides (" + std::to_string(lattice.lx()) + "x" +
                    std::to_string(lattice.ly()) + "), got " + std::to_string(b));
  gx_ = lattice.lx() / b;
  gy_ = lattice.ly() / b;
  site_of_.resize(static_cast<std::size_t>(lattice.n_sites()));
  for (Index patch = 0; patch < n_patches(); ++patch) {
    const Index px = patch % gx_;
    const Index py = patch / gx_;
    for (Index q = 0; q < features(); ++q) {
      const Index qx = q % b_;
      const Index qy = q / b_;
      site_of_[static_cast<std::size_t>(patch * features() + q)] =
          lattice.site(px * b_ + qx, py * b_ + qy);
    }
  }
}

Index PatchMap::displacement(Index from_patch, Index to_patch) const {
  const Index dx = ((to_patch % gx_) - (from_patch % gx_) + gx_) % gx_;
  const Index dy = ((to_patch / gx_) - (from_patch / gx_) + gy_) % gy_;
  return dy * gx_ + dx;
}

}  // namespace vitvmc
