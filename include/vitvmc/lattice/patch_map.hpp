#pragma once
/// \file patch_map.hpp
/// b x b patches of a square lattice, the tokens of the ViT. Patch grid (Lx/b) x (Ly/b);
/// patch index I = py*(Lx/b) + px; within a patch, feature q = qy*b + qx.

#include <vector>

#include "vitvmc/lattice/square_lattice.hpp"

namespace vitvmc {

class PatchMap {
 public:
  /// Throws InvalidInput naming --model.patch unless b >= 1 divides both sides.
  PatchMap(const SquareLattice& lattice, Index b);

  Index patch_size() const { return b_; }           ///< b
  Index features() const { return b_ * b_; }        ///< b^2, features per patch
  Index grid_x() const { return gx_; }              ///< Lx / b
  Index grid_y() const { return gy_; }              ///< Ly / b
  Index n_patches() const { return gx_ * gy_; }     ///< n, the number of tokens

  /// Lattice site of feature q in patch I.
  Index site(Index patch, Index feature) const {
    return site_of_[static_cast<std::size_t>(patch * features() + feature)];
  }
  /// Displacement index of (J - I) modulo the patch grid, in [0, n): the key of translation-invariant
  /// attention weights. Displacement (dx, dy) has index dy*gx + dx.
  Index displacement(Index from_patch, Index to_patch) const;

 private:
  Index b_;
  Index gx_;
  Index gy_;
  std::vector<Index> site_of_;  // [patch * b^2 + feature] -> site
};

}  // namespace vitvmc
