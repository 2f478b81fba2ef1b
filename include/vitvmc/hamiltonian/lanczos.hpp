#pragma once
/// \file lanczos.hpp
/// Ground state of a symmetric sector Hamiltonian by implicitly restarted Lanczos (Spectra).
/// Why Spectra rather than a hand-written Lanczos: it keeps only `krylov_dimension` vectors
/// (bounded memory at 2.7M states, unlike full reorthogonalisation over every step), restarts
/// implicitly and handles the loss of orthogonality for us, and its convergence test is on the Ritz
/// residual, not on energy drift.

#include "vitvmc/hamiltonian/sz_zero_hamiltonian.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

struct LanczosOptions {
  /// Krylov subspace size (Spectra's ncv); memory is krylov_dimension vectors of the sector.
  Index krylov_dimension = 12;
  /// Restart limit.
  Index max_restarts = 1000;
  /// Relative tolerance on the Ritz residual; the energy error is of order tolerance^2 |E0|.
  Real tolerance = 1e-10;
  /// Return the ground-state vector too (costs one more vector).
  bool want_vector = false;
};

struct GroundState {
  Real energy = 0;
  /// Normalised ground state in the basis order (empty unless LanczosOptions::want_vector).
  RealVector vector;
  Index restarts = 0;
  Index matvecs = 0;
};

/// Lowest eigenpair of `hamiltonian`. Throws std::runtime_error if Lanczos does not converge.
GroundState lanczos_ground_state(const SzZeroHamiltonian& hamiltonian,
                                 const LanczosOptions& options = {});

}  // namespace vitvmc
