#pragma once
/// \file square_lattice.hpp
/// Lx x Ly square lattice with periodic boundaries. Site index s = y*Lx + x.
/// Each site emits two J1 bonds (+x, +y) and two J2 bonds (+x+y, +x-y): 2N bonds of each kind.

#include <utility>
#include <vector>

#include "vitvmc/types.hpp"

namespace vitvmc {

struct Bond {
  Index a;
  Index b;
};

class SquareLattice {
 public:
  /// Throws InvalidInput naming --lattice.lx / --lattice.ly unless both sides are >= 3
  /// (a side of 1 or 2 makes periodic bonds coincide).
  SquareLattice(Index lx, Index ly);

  Index lx() const { return lx_; }
  Index ly() const { return ly_; }
  Index n_sites() const { return lx_ * ly_; }

  /// Site of (x, y); coordinates are taken modulo the lattice (periodic).
  Index site(Index x, Index y) const;
  /// (x, y) of site s.
  std::pair<Index, Index> coordinates(Index s) const { return {s % lx_, s / lx_}; }
  /// Checkerboard sublattice (x + y) mod 2; meaningful with periodic boundaries when both sides are even.
  int sublattice(Index s) const;

  const std::vector<Bond>& j1_bonds() const { return j1_bonds_; }
  const std::vector<Bond>& j2_bonds() const { return j2_bonds_; }

 private:
  Index lx_;
  Index ly_;
  std::vector<Bond> j1_bonds_;
  std::vector<Bond> j2_bonds_;
};

}  // namespace vitvmc
