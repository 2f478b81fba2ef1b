#pragma once
/// \file sector_local_energy.hpp
/// Local energies when log psi is known on the whole S^z = 0 sector (exact-summation mode): every
/// connected configuration is a basis state, so E_loc needs table look-ups instead of model calls.

#include "vitvmc/hamiltonian/heisenberg_model.hpp"
#include "vitvmc/hamiltonian/j1j2.hpp"  // callers build the J1-J2 model from here
#include "vitvmc/hamiltonian/sector_orbits.hpp"
#include "vitvmc/hamiltonian/sz_zero_basis.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// E_loc of the representatives of orbits [begin, end), given log psi of every orbit
/// (`log_psi_of_orbit`, size orbits.size(); the model is invariant under the orbits' group).
/// Equals local_energies() of the same model to round-off.
ComplexVector sector_local_energies(const HeisenbergModel& hamiltonian, const SzZeroBasis& basis,
                                    const SectorOrbits& orbits,
                                    const ComplexVector& log_psi_of_orbit, Index begin, Index end);

}  // namespace vitvmc
