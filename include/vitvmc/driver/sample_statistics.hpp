#pragma once
/// \file sample_statistics.hpp
/// Statistics over every rank's samples of any per-sample quantity x (the local energy, a
/// structure factor, ...): the estimator's per-chain summaries, weighted sums or largest
/// contributions of this rank, gathered in global chain order so that every rank combines the
/// same numbers whatever the rank count. Three kinds of batch (sampler/sample_batch.hpp):
///   chains of |psi|^2            combine_chains (error from the spread of chains or blocks);
///   chains of |psi|^q, q < 2     importance_statistics over the weighted sums of chains (or of
///                                blocks of every chain, with fewer than kMinChainsForSpread
///                                chains); R-hat and tau from the unweighted chains;
///   the enumerated sector        weighted_statistics (exact: error 0).

#include "vitvmc/estimator/statistics.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/sampler/sample_batch.hpp"

namespace vitvmc {

/// Statistics of x (one value per row of this rank's `batch`) over all ranks; per-site fields
/// divide by `n_sites` (1 for a plain mean). `total_chains`: the run's global chain count (it
/// decides chains or blocks for weighted Markov samples). Collective. A non-finite total weight in
/// exact mode (blown-up parameters) gives NaN energies instead of an error.
EnergyStatistics sample_statistics(const SampleBatch& batch, const ComplexVector& x, Index n_sites,
                                   Index total_chains, const Communicator& comm);

/// Accepted over proposed Metropolis moves of all ranks (1 in exact mode). Collective.
Real global_acceptance(const SampleBatch& batch, const Communicator& comm);

/// The heavy-tail diagnostics of x's Markov samples around st.mean (estimator/tail_diagnostics),
/// from every rank's largest contributions; unknown (NaN) in exact mode. Collective.
TailDiagnostics sample_tail_diagnostics(const SampleBatch& batch, const ComplexVector& x,
                                        const EnergyStatistics& st, const Communicator& comm);

}  // namespace vitvmc
