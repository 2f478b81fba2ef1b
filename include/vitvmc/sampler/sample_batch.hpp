#pragma once
/// \file sample_batch.hpp
/// SampleBatch: the samples one rank hands to the estimators, with their log psi.

#include <cstdint>

#include "vitvmc/types.hpp"

namespace vitvmc {

/// Local samples (one configuration per row) and their log psi.
/// Markov samples are ordered chain-major: row = chain_local * samples_per_chain + t, and `weights`
/// is empty (every row counts 1/M) unless the chains sampled |psi|^q with q != 2: then `weights`
/// holds the importance weights |psi|^(2-q), normalised over all ranks. Exact-enumeration samples
/// (`exact`) carry the normalised |psi|^2 / Z in `weights` once normalise_weights() ran, and
/// n_chains = samples_per_chain = 0.
struct SampleBatch {
  ConfigBatch configs;
  ComplexVector log_psi;
  Index samples_per_chain = 0;
  Index n_chains = 0;
  /// Global id of the first chain (Markov) or basis index of the first row (exact).
  Index first_chain = 0;
  RealVector weights;
  /// Exact mode over translation orbits: the number of basis states each row stands for (empty:
  /// one each). Included in `weights`.
  RealVector multiplicity;
  /// Proposals made and accepted by this call, over all local chains (null moves count as
  /// rejected).
  std::uint64_t accepted = 0;
  std::uint64_t proposed = 0;

  /// Number of rows.
  Index size() const { return configs.rows(); }
  /// Rows of the enumerated sector (exact mode), not Markov samples.
  bool exact = false;

  /// True when rows carry weights: exact mode, or importance-weighted Markov samples.
  bool weighted() const { return weights.size() > 0; }
  /// accepted / proposed, 0 when nothing was proposed.
  Real acceptance_rate() const {
    return proposed == 0 ? 0.0 : static_cast<Real>(accepted) / static_cast<Real>(proposed);
  }
};

}  // namespace vitvmc
