#pragma once
/// \file statistics.hpp
/// Energy statistics from Markov chains or exact weights, without MPI: each rank summarises its own
/// chains (ChainSummary, a fixed-length array of doubles), the driver allgathers the summaries in
/// global chain order, and every rank calls combine_chains() to get identical numbers.
/// Conventions: variance = <|E_loc - <E>|^2> (real and imaginary parts, = <H^2> - <H>^2 exactly);
/// error bar, split-R-hat and tau use Re E_loc; tau_corr = 1 + 2 sum_t rho(t), so iid data give 1
/// and error^2 ~ Var * tau_corr / M.

#include <array>
#include <vector>

#include "vitvmc/estimator/tail_diagnostics.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// Summary of one chain's local energies (time-ordered). Plain doubles, see to_vector().
struct ChainSummary {
  /// Largest lag of the stored autocovariance (the Sokal window cannot exceed it).
  static constexpr int kMaxLag = 64;
  /// Contiguous blocks per chain, for the blocking error when chains are few.
  static constexpr int kBlocks = 16;
  /// Length of to_vector().
  static constexpr int kSize = 11 + kBlocks + kMaxLag + 1;

  Real n = 0;        ///< number of samples
  Real mean_re = 0;  ///< mean of Re E_loc
  Real mean_im = 0;  ///< mean of Im E_loc
  Real var_re = 0;   ///< variance (1/n) of Re E_loc
  Real var_im = 0;   ///< variance (1/n) of Im E_loc
  Real half_n =
      0;  ///< samples in each half (floor(n/2); the middle sample of an odd chain is dropped)
  Real half1_mean = 0, half1_var = 0;  ///< first half: mean, variance (1/(half_n - 1)) of Re E_loc
  Real half2_mean = 0, half2_var = 0;  ///< last half
  Real n_blocks = 0;  ///< min(kBlocks, n); block b = [floor(b n / nb), floor((b+1) n / nb))
  std::array<Real, kBlocks> block_mean{};   ///< mean of Re E_loc per block (0 beyond n_blocks)
  std::array<Real, kMaxLag + 1> autocov{};  ///< C(t) = 1/n sum_i dx_i dx_{i+t}, t = 0..kMaxLag

  /// The fields in declaration order, kSize doubles.
  std::vector<Real> to_vector() const;
  /// Inverse of to_vector(); `data` holds kSize doubles.
  static ChainSummary from_vector(const Real* data);
};

/// Summarises one chain's n local energies (in sampling order).
ChainSummary summarize_chain(const Complex* e_loc, Index n);

/// Summaries of the n_chains = e_loc.size() / samples_per_chain chains of a chain-major batch
/// (row = chain * samples_per_chain + t, as MetropolisExchange::sample() stores them).
std::vector<ChainSummary> summarize_chains(const ComplexVector& e_loc, Index samples_per_chain);
/// Concatenated to_vector() of every summary: the buffer the driver allgathers (kSize per chain).
std::vector<Real> pack_summaries(const std::vector<ChainSummary>& summaries);
/// Inverse of pack_summaries(); the length must be a multiple of ChainSummary::kSize.
std::vector<ChainSummary> unpack_summaries(const std::vector<Real>& packed);

/// Statistics of the energy, shared by Markov and exact mode.
struct EnergyStatistics {
  Complex mean;              ///< <E_loc>
  Real energy_per_site = 0;  ///< Re <E_loc> / N
  Real error = 0;            ///< standard error of Re <E_loc> (0 in exact mode)
  Real error_per_site = 0;
  Real variance = 0;  ///< <|E_loc - <E>|^2>
  /// Standard error of `variance` from the spread of the same independent units as `error` (the
  /// variance of the variance; NaN when the units are blocks of < kMinChainsForSpread |psi|^2
  /// chains, 0 in exact mode).
  Real variance_error = 0;
  Real v_score = 0;   ///< N Var(E) / (Re <E>)^2 (E_inf = 0 for this model)
  Real r_hat = 1;     ///< split-R-hat of Re E_loc (1 in exact mode; NaN with < 4 samples/chain)
  Real tau_corr = 1;  ///< integrated autocorrelation time, Sokal window c = 5 (1 in exact mode)
  Index n_samples = 0;
  Index n_chains = 0;
  /// Kish effective sample size (sum w)^2 / sum w^2: n_samples for unweighted chains, less for
  /// importance weights (how many equal-weight samples they are worth; ignores autocorrelation),
  /// 1 / sum p^2 in exact mode (how many enumerated rows, states or symmetry orbits, carry the
  /// probability).
  Real effective_samples = 0;
  /// Heavy-tail diagnostics of the samples (tail_diagnostics.hpp); unknown (NaN) until the driver
  /// adds them, and in exact mode.
  TailDiagnostics tail;

  /// The error bar can be trusted as far as the samples show: no heavy tail and mixed chains
  /// (R-hat <= kMaxMixedRHat, or undefined).
  bool error_trusted() const;
  /// The variance can be trusted as far as the samples show: no heavy tail.
  bool variance_trusted() const { return tail.variance_trusted(); }
};

/// With at least this many chains the error comes from the spread of chain means, otherwise from
/// the spread of kBlocks blocks within every chain.
inline constexpr Index kMinChainsForSpread = 8;
/// Split-R-hat above this means chains that have not mixed (Gelman et al., BDA3).
inline constexpr Real kMaxMixedRHat = 1.1;
/// Sokal's window constant: the smallest window M with M >= c * tau(M).
inline constexpr Real kSokalWindow = 5.0;

/// Combines the summaries of all chains (in global chain order, so every rank gets the same
/// numbers).
EnergyStatistics combine_chains(const std::vector<ChainSummary>& chains, Index n_sites);

/// Weighted sums for exact statistics; additive across ranks (the driver allreduce-sums
/// to_vector()).
struct WeightedSums {
  static constexpr int kSize = 6;
  Real weight = 0;   ///< sum w
  Real re = 0;       ///< sum w Re E
  Real im = 0;       ///< sum w Im E
  Real abs2 = 0;     ///< sum w |E|^2
  Real count = 0;    ///< number of rows
  Real weight2 = 0;  ///< sum w^2 (effective sample size)

  std::vector<Real> to_vector() const { return {weight, re, im, abs2, count, weight2}; }
  static WeightedSums from_vector(const Real* d) { return {d[0], d[1], d[2], d[3], d[4], d[5]}; }
};

/// Local weighted sums of e_loc with weights w (e.g. |psi|^2 / Z from normalise_weights()).
WeightedSums weighted_sums(const ComplexVector& e_loc, const RealVector& weights);
/// Exact-mode statistics from the (globally summed) weights: error 0, r_hat 1, tau_corr 1.
/// The weights need not be normalised: everything is divided by sum w.
EnergyStatistics weighted_statistics(const WeightedSums& sums, Index n_sites);
/// Importance-weighted Markov samples (chains of |psi|^q, weights |psi|^(2-q)): `units` are the
/// weighted sums of independent groups of samples (chains, or blocks of chains), in global order.
/// Mean, variance and V-score come from their total; the errors of the ratio estimates
/// sum w E / sum w and sum w |E - <E>|^2 / sum w from the spread of the units (delta method: with
/// equal weights, the standard errors of the units' means). r_hat and tau_corr are left at 1: take
/// them from the unweighted chains (combine_chains), which is where mixing shows.
EnergyStatistics importance_statistics(const std::vector<WeightedSums>& units, Index n_sites);
/// Single-process convenience: weighted_statistics(weighted_sums(e_loc, weights), n_sites).
EnergyStatistics weighted_statistics(const ComplexVector& e_loc, const RealVector& weights,
                                     Index n_sites);

}  // namespace vitvmc
