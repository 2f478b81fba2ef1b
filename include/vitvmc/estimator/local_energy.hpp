#pragma once
/// \file local_energy.hpp
/// Local energies E_loc(sigma) = diag(sigma) + sum_{sigma'} H_{sigma' sigma} psi(sigma') /
/// psi(sigma) of a batch of samples. The connected configurations of many samples are stacked into
/// one ConfigBatch and evaluated through the model in chunks of at most `chunk_rows` rows: large
/// batched calls, bounded memory.

#include <vector>

#include "vitvmc/hamiltonian/heisenberg_model.hpp"
#include "vitvmc/hamiltonian/j1j2.hpp"  // callers build the J1-J2 model from here
#include "vitvmc/model/wavefunction.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// E_loc of every row of `samples`, given their log psi (`log_psi_samples`, from the same model).
/// If `connected_per_sample` is not null it receives the number of connected configurations of each
/// sample (the number of model rows its E_loc cost). chunk_rows >= 1.
ComplexVector local_energies(const HeisenbergModel& hamiltonian, const WaveFunction& model,
                             const ConfigBatch& samples, const ComplexVector& log_psi_samples,
                             Index chunk_rows, std::vector<Index>* connected_per_sample = nullptr);

}  // namespace vitvmc
