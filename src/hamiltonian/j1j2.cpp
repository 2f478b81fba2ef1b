#include "vitvmc/hamiltonian/j1j2.hpp"

#include "vitvmc/lattice/lattice_bonds.hpp"

namespace vitvmc {

J1J2Hamiltonian::J1J2Hamiltonian(const SquareLattice& lattice, Real j1, Real j2, bool marshall_sign)
    : HeisenbergModel(square_j1j2_bonds(lattice), j1, j2, marshall_sign) {}

}  // namespace vitvmc
