#pragma once
/// \file sr_system.hpp
/// Centring and stacking of the SR linear system (DESIGN.md section 5): with weights w_s (1/M for
/// Markov samples, |psi|^2/Z for exact enumeration),
///   X = [Re sqrt(w)(O - <O>) ; Im sqrt(w)(O - <O>)],   e = [Re sqrt(w)(E_loc - <E>) ; Im ...].
/// Then S = X^T X, F = X^T e (half the energy gradient). Rows stay on the rank that owns the
/// samples.

#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/sampler/sample_batch.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

struct SrSystem {
  RealMatrix x;  ///< 2 * local samples x P
  RealVector e;  ///< 2 * local samples
};

/// Builds this rank's rows. One collective: the global weighted mean of O.
SrSystem build_sr_system(const SampleBatch& batch, const ComplexVector& e_loc, Complex mean_energy,
                         const ComplexMatrix& jacobian, Index samples_total,
                         const Communicator& comm);

/// --optimizer.reproducible: every rank gathers all ranks' samples (global order: chains and
/// exact-mode ranges are contiguous by rank) and builds the whole system, identical on every rank
/// and for every rank count. Collective over `comm`; solve it on a one-rank communicator.
SrSystem build_replicated_sr_system(const SampleBatch& batch, const ComplexVector& e_loc,
                                    Complex mean_energy, const ComplexMatrix& jacobian,
                                    Index samples_total, const Communicator& comm);

/// Energy gradient dE/dtheta = 2 X^T e summed over ranks (collective), for optimisers without SR.
RealVector energy_gradient(const SrSystem& system, const Communicator& comm);

}  // namespace vitvmc
