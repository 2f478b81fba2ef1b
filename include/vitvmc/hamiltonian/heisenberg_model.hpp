#pragma once
/// \file heisenberg_model.hpp
/// Spin-1/2 Heisenberg model on a BondSet, in S (not Pauli) units:
///   H = j1 sum_{kind-1 bonds} S_a.S_b + j2 sum_{kind-2 bonds} S_a.S_b.
/// In the sigma = 2 S^z basis: diagonal sum_bonds J/4 sigma_a sigma_b; every bond with sigma_a !=
/// sigma_b connects to the configuration with the two spins exchanged, with element J/2. Under the
/// bond set's sign rule (basis rotated by (-1)^{up spins of colour 1}) the element of every bond
/// joining two colours becomes -J/2. Local energies, ED and exact enumeration all read the model
/// through diagonal() and for_each_connected(), so a new lattice needs no change here.

#include <vector>

#include "vitvmc/lattice/bond_set.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// One bond with its coupling J and its off-diagonal element (J/2, or -J/2 under the sign rule).
struct CoupledBond {
  Index a;
  Index b;
  Real coupling;
  Real exchange_element;
};

class HeisenbergModel {
 public:
  /// Throws InvalidInput naming --lattice.marshall when marshall_sign is asked of a bond set
  /// without a sign rule.
  HeisenbergModel(const BondSet& bonds, Real j1, Real j2, bool marshall_sign = false);

  Index n_sites() const { return n_sites_; }
  Real j1() const { return j1_; }
  Real j2() const { return j2_; }
  bool marshall_sign() const { return marshall_; }
  /// All bonds with nonzero coupling (kind 1 first, then kind 2, each in the bond set's order).
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
