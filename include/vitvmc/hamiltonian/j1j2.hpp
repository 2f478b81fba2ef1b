#pragma once
/// \file j1j2.hpp
/// J1-J2 Heisenberg model in spin-1/2 (S, not Pauli) units on a periodic square lattice:
///   H = J1 sum_<ij> S_i.S_j + J2 sum_<<ij>> S_i.S_j,
/// i.e. the HeisenbergModel on square_j1j2_bonds (lattice_bonds.hpp). With the Marshall sign
/// (basis rotated by (-1)^{up spins on sublattice B}) the J1 elements become -J1/2; this needs both
/// sides even.

#include "vitvmc/hamiltonian/heisenberg_model.hpp"
#include "vitvmc/lattice/square_lattice.hpp"

namespace vitvmc {

class J1J2Hamiltonian : public HeisenbergModel {
 public:
  J1J2Hamiltonian(const SquareLattice& lattice, Real j1, Real j2, bool marshall_sign = false);
};

}  // namespace vitvmc
