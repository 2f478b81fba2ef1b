#include "vitvmc/model/symmetry_group.hpp"

#include <array>
#include <utility>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

/// A point-group element as an integer 2x2 matrix acting on (x, y) about site 0.
struct PointMap {
  int xx, xy, yx, yy;
};

std::vector<PointMap> point_group(const SquareLattice& lattice, bool full) {
  if (!full) return {{1, 0, 0, 1}};
  // C2v: identity, the two mirror lines and the 180 degree rotation.
  std::vector<PointMap> maps = {{1, 0, 0, 1}, {-1, 0, 0, 1}, {1, 0, 0, -1}, {-1, 0, 0, -1}};
  // C4v adds the 90 degree rotations and the diagonal mirrors, which need a square.
  if (lattice.lx() == lattice.ly()) {
    const std::array<PointMap, 4> extra = {PointMap{0, -1, 1, 0}, PointMap{0, 1, -1, 0},
                                           PointMap{0, 1, 1, 0}, PointMap{0, -1, -1, 0}};
    maps.insert(maps.end(), extra.begin(), extra.end());
  }
  return maps;
}

}  // namespace

SymmetryGroup::SymmetryGroup(const SquareLattice& lattice, Index tx_count, Index ty_count,
                             bool spin_flip, bool with_point_group)
    : SymmetryGroup(lattice, nullptr, tx_count, ty_count, spin_flip, with_point_group) {}

SymmetryGroup::SymmetryGroup(const SquareLattice& lattice, const BondSet& bonds, Index tx_count,
                             Index ty_count, bool spin_flip, bool with_point_group)
    : SymmetryGroup(lattice, &bonds, tx_count, ty_count, spin_flip, with_point_group) {}

SymmetryGroup::SymmetryGroup(const SquareLattice& lattice, const BondSet* bonds, Index tx_count,
                             Index ty_count, bool spin_flip, bool with_point_group)
    : n_sites_(lattice.n_sites()) {
  VITVMC_REQUIRE(bonds == nullptr || bonds->n_sites() == n_sites_, "bond set and lattice differ");
  require_input(
      tx_count >= 1 && tx_count <= lattice.lx() && ty_count >= 1 && ty_count <= lattice.ly(),
      "--model.patch", "symmetry translations must lie within the lattice");
  for (Index ty = 0; ty < ty_count; ++ty) {
    for (Index tx = 0; tx < tx_count; ++tx) {
      for (const PointMap& r : point_group(lattice, with_point_group)) {
        // g = T R maps site (x, y) to T(R(x, y)); (g sigma)_{g(s)} = sigma_s.
        std::vector<Index> src(static_cast<std::size_t>(n_sites_));
        std::vector<Index> image(static_cast<std::size_t>(n_sites_));
        for (Index s = 0; s < n_sites_; ++s) {
          const auto [x, y] = lattice.coordinates(s);
          const Index target = lattice.site(r.xx * x + r.xy * y + tx, r.yx * x + r.yy * y + ty);
          src[static_cast<std::size_t>(target)] = s;
          image[static_cast<std::size_t>(s)] = target;
        }
        if (bonds != nullptr && !bonds->preserved_by(image)) continue;
        sources_.push_back(std::move(src));
        flips_.push_back(1);
      }
    }
  }
  if (spin_flip) {
    const std::size_t n = sources_.size();
    for (std::size_t g = 0; g < n; ++g) {
      sources_.push_back(sources_[g]);
      flips_.push_back(-1);
    }
  }
}

SymmetryGroup SymmetryGroup::identity(Index n_sites) {
  SymmetryGroup group;
  group.n_sites_ = n_sites;
  std::vector<Index> src(static_cast<std::size_t>(n_sites));
  for (Index s = 0; s < n_sites; ++s) src[static_cast<std::size_t>(s)] = s;
  group.sources_.push_back(std::move(src));
  group.flips_.push_back(1);
  return group;
}

void SymmetryGroup::apply(Index g, const Spin* sigma, Spin* out) const {
  const std::vector<Index>& src = source(g);
  const Spin f = static_cast<Spin>(flip(g));
  for (Index s = 0; s < n_sites_; ++s)
    out[s] = static_cast<Spin>(f * sigma[src[static_cast<std::size_t>(s)]]);
}

}  // namespace vitvmc
