#pragma once
/// \file exact_enumeration.hpp
/// Exact summation over the whole S^z = 0 sector, weighted by |psi|^2 / Z: one row per orbit of
/// the translations the model is invariant under (one row per state without them), weighted by
/// the orbit's size. Ranks split the rows into ranges [begin, end); Z needs a global log-sum-exp,
/// which the driver reduces from LogWeightSum.

#include <utility>
#include <vector>

#include "vitvmc/hamiltonian/sector_orbits.hpp"
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
  /// One row per orbit of `group` (translations under which the model's log psi is invariant).
  ExactEnumeration(const SquareLattice& lattice, const std::vector<Translation>& group,
                   Index batch_rows = 4096);

  const SzZeroBasis& basis() const { return basis_; }
  const SectorOrbits& orbits() const { return orbits_; }
  /// Number of rows (orbits).
  Index size() const { return orbits_.size(); }

  /// Rows [begin, end) (orbit representatives) with their log psi and, for non-trivial orbits,
  /// multiplicities; weights stay empty until normalise_weights().
  SampleBatch exact_samples(const WaveFunction& psi, Index begin, Index end) const;

  /// Checks that psi has one log psi on every state of the first `orbits` orbits (the premise of
  /// summing over orbits); throws std::logic_error naming the first state that differs.
  void verify_invariance(const WaveFunction& psi, Index orbits = 8) const;

  /// The block [begin, end) of `size` states that rank `rank` of `n_ranks` takes (balanced,
  /// contiguous).
  static std::pair<Index, Index> split_range(Index size, int rank, int n_ranks);

 private:
  SzZeroBasis basis_;
  SectorOrbits orbits_;
  Index batch_rows_;
};

/// Max-shifted local sum of multiplicity * |psi|^power over the batch's rows (power 2: |psi|^2 for
/// exact mode; 2 - q: the importance weights of Markov samples of |psi|^q).
LogWeightSum local_log_weight_sum(const SampleBatch& batch, Real power = 2);
/// log Z from the gathered local sums of every rank (order does not matter beyond rounding).
Real combine_log_weight_sums(const std::vector<LogWeightSum>& parts);
/// weights_i = multiplicity_i |psi_i|^power / Z = multiplicity_i exp(power Re log psi_i - log_z).
void normalise_weights(SampleBatch& batch, Real log_z, Real power = 2);

}  // namespace vitvmc
