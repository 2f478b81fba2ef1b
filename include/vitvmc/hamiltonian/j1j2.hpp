#pragma once
/// \file j1j2.hpp
/// J1-J2 Heisenberg model in spin-1/2 (S, not Pauli) units on a periodic square lattice:
///   H = J1 sum_<ij> S_i.S_j + J2 sum_<<ij>> S_i.S_j.
/// In the sigma = 2 S^z basis: diagonal sum_bonds J/4 sigma_a sigma_b; every bond with sigma_a != sigma_b
/// connects to the configuration with the two spins exchanged, with element J/2.
/// With the Marshall sign (basis rotated by (-1)^{up spins on sublattice B}) the J1 elements become -J1/2;
/// this needs both sides even.

#include <vector>

#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// One bond with its coupling J and its off-diagonal element (J/2, or -J/2 under the Marshall sign).
struct CoupledBond {
  Index a;
  Index b;
  Real coupling;
  Real exchange_element;
};

class J1J2Hamiltonian {
 public:
  J1J2Hamiltonian(const SquareLattice& lattice, Real j1, Real j2, bool marshall_sign = false);

  Index n_sites() const { return n_sites_; }
  Real j1() const { return j1_; }
  Real j2() const { return j2_; }
  bool marshall_sign() const { return marshall_; }
  /// All bonds with nonzero coupling (J1 bonds first, then J2).
  const std::vector<CoupledBond>& bonds() const { return bonds_; }
  /// Upper bound on the number of connected configurations of one configuration.
  Index max_connected() const { return static_cast<Index>(bonds_.size()); }

  /// Diagonal element <sigma|H|sigma> of one configuration (n_sites spins).
  Real diagonal(const Spin* config) const;

  /// Calls fn(a, b, element) for every configuration connected to `config` by exchanging the
  /// opposite spins on sites a and b; `element` = <sigma'|H|sigma>.
  template <class Fn>
  void for_each_connected(const Spin* config, Fn&& fn) const {
    for (const CoupledBond& bond : bonds_) {
      if (config[bond.a] != config[bond.b]) fn(bond.a, bond.b, bond.exchange_element);
    }
  }

 private:
  Index n_sites_;
  Real j1_;
  Real j2_;
  bool marshall_;
  std::vector<CoupledBond> bonds_;
};

}  // namespace vitvmc
