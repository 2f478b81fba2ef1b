#pragma once
/// \file exact_enumeration.hpp
/// Exact summation over the whole S^z = 0 sector, weighted by |psi|^2 / Z. Ranks split the basis
/// into ranges [begin, end); Z needs a global log-sum-exp, which the driver reduces from
/// LogWeightSum.

#include <utility>
#include <vector>

#include "vitvmc/hamiltonian/sz_zero_basis.hpp"
#include "vitvmc/model/wavefunction.hpp"
#include "vitvmc/sampler/sample_batch.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// Local part of log Z = log sum |psi|^2, shifted for stability: sum = sum_i exp(2 Re log psi_i -
/// max). An empty range has max = -inf and sum = 0.
struct LogWeightSum {
  Real max = 0;
  Real sum = 0;
};

class ExactEnumeration {
 public:
  /// Enumerates the sector of n_sites spins (throws InvalidInput when it is too large to
  /// enumerate). The model is evaluated in chunks of at most `batch_rows` rows to bound its memory.
  explicit ExactEnumeration(Index n_sites, Index batch_rows = 4096);

  const SzZeroBasis& basis() const { return basis_; }
  Index size() const { return basis_.size(); }

  /// Basis states [begin, end) with their log psi; weights stay empty until normalise_weights().
  SampleBatch exact_samples(const WaveFunction& psi, Index begin, Index end) const;

  /// The block [begin, end) of `size` states that rank `rank` of `n_ranks` takes (balanced,
  /// contiguous).
  static std::pair<Index, Index> split_range(Index size, int rank, int n_ranks);

 private:
  SzZeroBasis basis_;
  Index batch_rows_;
};

/// Max-shifted local sum of |psi|^2 over the batch's rows.
LogWeightSum local_log_weight_sum(const SampleBatch& batch);
/// log Z from the gathered local sums of every rank (order does not matter beyond rounding).
Real combine_log_weight_sums(const std::vector<LogWeightSum>& parts);
/// weights_i = |psi_i|^2 / Z = exp(2 Re log psi_i - log_z).
void normalise_weights(SampleBatch& batch, Real log_z);

}  // namespace vitvmc
