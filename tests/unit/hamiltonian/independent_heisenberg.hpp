#pragma once
/// \file independent_heisenberg.hpp
/// Test helper: the J1-J2 Hamiltonian on the S^z = 0 sector as an Eigen::SparseMatrix, written out
/// from the lattice's bond lists and S_a.S_b on bit masks, sharing no code with J1J2Hamiltonian or
/// with SzZeroBasis::index_of (states are located by binary search).

#include <Eigen/SparseCore>
#include <algorithm>
#include <cstdint>
#include <vector>

#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc::testing {

/// All masks of n bits with n/2 set, ascending, by brute force over 0 .. 2^n - 1.
inline std::vector<std::uint64_t> brute_force_sector(int n) {
  std::vector<std::uint64_t> states;
  for (std::uint64_t m = 0; m < (std::uint64_t{1} << n); ++m) {
    if (__builtin_popcountll(m) == n / 2) states.push_back(m);
  }
  return states;
}

/// <s'| J1 sum S.S + J2 sum S.S |s>: S^z_a S^z_b = +-1/4 on the diagonal;
/// (S^+_a S^-_b + S^-_a S^+_b)/2 swaps two antiparallel spins with amplitude 1/2.
inline Eigen::SparseMatrix<double> independent_heisenberg(
    const SquareLattice& lattice, double j1, double j2, const std::vector<std::uint64_t>& states) {
  std::vector<Eigen::Triplet<double>> entries;
  auto column_of = [&](std::uint64_t m) {
    return static_cast<Index>(std::lower_bound(states.begin(), states.end(), m) - states.begin());
  };
  auto add_bonds = [&](const std::vector<Bond>& bonds, double coupling) {
    for (Index col = 0; col < static_cast<Index>(states.size()); ++col) {
      const std::uint64_t m = states[static_cast<std::size_t>(col)];
      for (const Bond& bond : bonds) {
        const bool up_a = (m >> bond.a) & 1U;
        const bool up_b = (m >> bond.b) & 1U;
        entries.emplace_back(col, col, coupling * (up_a == up_b ? 0.25 : -0.25));
        if (up_a != up_b) {
          const std::uint64_t swapped =
              m ^ (std::uint64_t{1} << bond.a) ^ (std::uint64_t{1} << bond.b);
          entries.emplace_back(column_of(swapped), col, coupling * 0.5);
        }
      }
    }
  };
  add_bonds(lattice.j1_bonds(), j1);
  add_bonds(lattice.j2_bonds(), j2);
  const auto dim = static_cast<Index>(states.size());
  Eigen::SparseMatrix<double> h(dim, dim);
  h.setFromTriplets(entries.begin(), entries.end());  // sums duplicates
  return h;
}

/// Marshall rotation U = diag((-1)^{number of up spins on sublattice 1}).
inline Eigen::VectorXd marshall_signs(const SquareLattice& lattice,
                                      const std::vector<std::uint64_t>& states) {
  std::uint64_t sub_b = 0;
  for (Index s = 0; s < lattice.n_sites(); ++s) {
    if (lattice.sublattice(s) == 1) sub_b |= std::uint64_t{1} << s;
  }
  Eigen::VectorXd u(static_cast<Index>(states.size()));
  for (std::size_t i = 0; i < states.size(); ++i) {
    u[static_cast<Index>(i)] = (__builtin_popcountll(states[i] & sub_b) % 2) ? -1.0 : 1.0;
  }
  return u;
}

}  // namespace vitvmc::testing
