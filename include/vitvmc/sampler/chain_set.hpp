#pragma once
/// \file chain_set.hpp
/// ChainSet: the block of global Markov chains [first, first + count) that one rank owns.
/// Chain c draws from its own Philox stream keyed by (seed, c), so its trajectory is the same
/// whichever rank owns it; the serialisable state is configs + log psi + one RNG counter per chain.

#include <cstdint>
#include <vector>

#include "vitvmc/types.hpp"
#include "vitvmc/util/rng.hpp"

namespace vitvmc {

class ChainSet {
 public:
  /// Chains [first, first + count) on n_sites spins (even, > 0). Every chain starts from a
  /// uniformly random S^z = 0 configuration drawn from its own stream. The log psi cache starts at
  /// zero and is stale until a sampler refreshes it.
  ChainSet(Index n_sites, Index first, Index count, std::uint64_t seed);

  Index n_sites() const { return configs_.cols(); }
  /// Global id of the first local chain.
  Index first() const { return first_; }
  /// Number of local chains.
  Index count() const { return configs_.rows(); }
  std::uint64_t seed() const { return seed_; }

  /// Current configurations, count x n_sites (row = local chain).
  const ConfigBatch& configs() const { return configs_; }
  ConfigBatch& configs() { return configs_; }
  /// Cached log psi of the current configurations.
  const ComplexVector& log_psi() const { return log_psi_; }
  ComplexVector& log_psi() { return log_psi_; }
  /// RNG stream of local chain `local`.
  PhiloxStream& stream(Index local) { return streams_[static_cast<std::size_t>(local)]; }

  /// One RNG counter per local chain (the streams' whole state besides seed and chain id).
  std::vector<std::uint64_t> rng_counters() const;
  /// Restores a checkpointed state of these same global chains; throws InvalidInput on a shape
  /// mismatch or a configuration outside the S^z = 0 sector. Resets the acceptance counters.
  void restore(const ConfigBatch& configs, const ComplexVector& log_psi,
               const std::vector<std::uint64_t>& counters);

  /// Cumulative proposals / acceptances of local chain `local` since construction or restore.
  std::uint64_t proposed(Index local) const { return proposed_[static_cast<std::size_t>(local)]; }
  std::uint64_t accepted(Index local) const { return accepted_[static_cast<std::size_t>(local)]; }
  /// Sum over local chains.
  std::uint64_t total_proposed() const;
  std::uint64_t total_accepted() const;
  /// Records one proposal of local chain `local`.
  void record(Index local, bool was_accepted) {
    ++proposed_[static_cast<std::size_t>(local)];
    if (was_accepted) ++accepted_[static_cast<std::size_t>(local)];
  }

 private:
  Index first_;
  std::uint64_t seed_;
  ConfigBatch configs_;
  ComplexVector log_psi_;
  std::vector<PhiloxStream> streams_;
  std::vector<std::uint64_t> proposed_;
  std::vector<std::uint64_t> accepted_;
};

/// True when every entry of `row` (n spins) is +-1 and they sum to zero.
bool in_sz_zero_sector(const Spin* row, Index n);

}  // namespace vitvmc
