#pragma once
/// \file metropolis_exchange.hpp
/// Metropolis-Hastings in the S^z = 0 sector with exchange moves. Every proposal exchanges two
/// spins: the ends of a random kind-1 (J1) bond, of a random kind-2 (J2) bond of the BondSet, or a
/// random up spin with a random down spin. All three are symmetric, so a move is accepted with
/// min(1, |psi'/psi|^q), q = 2 unless the chains sample another power of |psi|. A bond move whose
/// two spins are equal is a null move: it is counted as a rejected proposal (re-drawing would make
/// the proposal depend on the number of opposite-spin bonds and break detailed balance). All local
/// chains advance together: one proposal per chain, one batched log psi call.

#include <array>
#include <vector>

#include "vitvmc/lattice/bond_set.hpp"
#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/model/wavefunction.hpp"
#include "vitvmc/sampler/chain_set.hpp"
#include "vitvmc/sampler/sample_batch.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// Relative probabilities of the three move kinds (normalised internally; each >= 0, sum > 0).
struct MoveMixture {
  Real j1_bond = 0.4;
  Real j2_bond = 0.3;
  Real random_pair = 0.3;
};

class MetropolisExchange {
 public:
  /// Moves on `lattice`'s J1 and J2 bonds (J2 moves are allowed whatever J2 is: they are only
  /// moves). Throws InvalidInput naming --sampler.moves for a negative or all-zero mixture.
  explicit MetropolisExchange(const SquareLattice& lattice, MoveMixture mixture = {});
  /// Moves on the bond set's kind-1 bonds (weight j1_bond) and kind-2 bonds (weight j2_bond): on
  /// the Shastry-Sutherland lattice the square-lattice J' bonds and the dimers.
  explicit MetropolisExchange(const BondSet& bonds, MoveMixture mixture = {});
  /// As above, with chains that sample |psi|^psi_power instead of |psi|^2 (psi_power > 0,
  /// otherwise InvalidInput naming --sampler.psi_power).
  MetropolisExchange(const BondSet& bonds, MoveMixture mixture, Real psi_power);

  Index n_sites() const { return n_sites_; }
  /// The q of |psi|^q the chains sample.
  Real psi_power() const { return psi_power_; }
  /// Cumulative probabilities of (J1, J1 + J2, 1).
  const std::array<Real, 3>& cumulative() const { return cumulative_; }

  /// Recomputes the chains' log psi with `psi` (one batched call), then runs n_sweeps sweeps of
  /// n_sites proposals per chain.
  void sweep(ChainSet& chains, const WaveFunction& psi, Index n_sweeps) const;

  /// Recomputes the chains' log psi, discards `discard` sweeps, then stores samples_per_chain
  /// samples per chain, `sweeps_between` (>= 1) sweeps apart. Rows are chain-major: row =
  /// chain_local * samples_per_chain + t. The counters in the batch cover this call only.
  SampleBatch sample(ChainSet& chains, const WaveFunction& psi, Index samples_per_chain,
                     Index sweeps_between, Index discard) const;

 private:
  struct Proposal {
    Index a = 0;
    Index b = 0;
    bool null_move = true;
  };

  Proposal propose(const Spin* config, PhiloxStream& stream) const;
  /// One proposal per chain, one batched log psi call, accept/reject per chain.
  void step(ChainSet& chains, const WaveFunction& psi) const;
  void advance(ChainSet& chains, const WaveFunction& psi, Index n_sweeps) const;
  static void refresh(ChainSet& chains, const WaveFunction& psi);

  Index n_sites_;
  std::vector<Bond> j1_bonds_;
  std::vector<Bond> j2_bonds_;
  std::array<Real, 3> cumulative_;
  Real psi_power_ = 2;
};

}  // namespace vitvmc
