#pragma once
/// \file lattice_bonds.hpp
/// The bonds of the lattice --lattice.type names, on the periodic Lx x Ly square grid (site
/// s = y*Lx + x), and the sign rule --lattice.marshall puts on them. The kinds themselves are in
/// src/lattice/kinds/ (lattice_kind.hpp); docs/lattices.md draws them.

#include <utility>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/lattice/bond_set.hpp"
#include "vitvmc/lattice/square_lattice.hpp"

namespace vitvmc {

/// J1-J2 square lattice: kind 1 = the 2N nearest-neighbour bonds (+x, +y), kind 2 = the 2N
/// diagonals (+x+y, +x-y). Sign rule: the checkerboard (x + y) mod 2, when both sides are even.
BondSet square_j1j2_bonds(const SquareLattice& lattice);

/// Shastry-Sutherland lattice: kind 1 (J') = the 2N nearest-neighbour bonds of the square grid;
/// kind 2 (J) = N/2 dimers, the diagonal (x,y)-(x+1,y+1) of plaquettes with x, y even and the
/// anti-diagonal (x+1,y)-(x,y+1) of plaquettes with x, y odd, so every site is in exactly one
/// dimer. Sign rule: x mod 2, which puts the two ends of every dimer on different colours (the
/// dimer singlet product is then positive). Throws InvalidInput naming --lattice.type unless both
/// sides are even.
BondSet shastry_sutherland_bonds(const SquareLattice& lattice);

/// The bonds of `kind` with its own sign rule. Throws InvalidInput naming --lattice.type when a
/// side is not a multiple of the kind's period.
BondSet lattice_bonds(const SquareLattice& lattice, LatticeKind kind);

/// The same bonds with the sign rule replaced by the checkerboard (x + y) mod 2 when
/// `checkerboard_sign` (--lattice.marshall checkerboard; needs even sides, InvalidInput naming
/// --lattice.marshall otherwise). On Shastry-Sutherland the J' bonds join the two colours and the
/// dimers do not: the Neel-side sign rule (on 4x4 it makes the ground state at J'/J = 0.8 and 1.5
/// positive to 1e-4 of its weight, docs/lattices.md).
BondSet lattice_bonds(const SquareLattice& lattice, LatticeKind kind, bool checkerboard_sign);

/// The bonds a run's --lattice.* options describe, sign rule included.
BondSet lattice_bonds(const LatticeConfig& config);

/// The sign rule --lattice.marshall selects: `off`, `on` (the lattice's own rule) or
/// `checkerboard`; `auto` resolved by the lattice kind (lattice_kind.hpp).
MarshallRule resolved_sign_rule(const LatticeConfig& config);
/// Whether the run uses a sign-rule basis at all.
inline bool uses_marshall_sign(const LatticeConfig& config) {
  return resolved_sign_rule(config) != MarshallRule::off;
}
/// Whether the sign rule is the (x + y) mod 2 checkerboard whatever the lattice's own rule is.
inline bool uses_checkerboard_sign(const LatticeConfig& config) {
  return config.marshall == MarshallRule::checkerboard;
}

/// The smallest translation steps (dx, dy) that map the bond set onto itself (1 for the square
/// lattice, 2 for Shastry-Sutherland); each divides its side.
std::pair<Index, Index> translation_steps(const SquareLattice& lattice, const BondSet& bonds);

}  // namespace vitvmc
