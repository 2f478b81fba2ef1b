#pragma once
/// \file tail_diagnostics.hpp
/// Whether a sampled energy, its error bar or its variance rests on a few samples. Local energies
/// of a trained state are often heavy-tailed: states of tiny |psi|^2 with a large |E_loc - <E>|
/// carry much of the variance (docs/statistics.md). Sample i adds a_i = w_i |Re(E_i - <E>)| to
/// the spread of the energy estimate and c_i = w_i |E_i - <E>|^2 to the variance estimate (w = 1
/// for chains of |psi|^2, the importance weight for chains of |psi|^q). The shape k of a
/// generalized Pareto distribution fitted to the largest a_i (or c_i) says how heavy their tail
/// is: the central limit theorem behind an error bar, or behind a sampled variance, needs a finite
/// variance of the terms, k < 1/2, and in practice (finite S) estimates stay usable up to the
/// threshold of Pareto smoothed importance sampling, min(1 - 1/log10 S, 0.7), above which they are
/// unreliable (calibrated on iid replicas of exact 4x4 and 6x4 states: docs/statistics.md). The fit
/// is that of PSIS (Zhang & Stephens, Technometrics 51, 316 (2009); Vehtari et al., JMLR 25, 72
/// (2024)): the M = min(S / 5, 3 sqrt(S)) largest of S values, over the (M + 1)-th largest;
/// repeated values (one state sampled again) count once. No MPI: a rank keeps its own largest
/// values (largest_contributions), the driver gathers them, and merge_largest() gives the same list
/// for any split of the samples.

#include <limits>
#include <vector>

#include "vitvmc/types.hpp"

namespace vitvmc {

/// PSIS's limit on the tail shape for S samples: min(1 - 1/log10 S, 0.7).
Real tail_shape_limit(Index samples);

struct TailDiagnostics {
  static constexpr Real kNaN = std::numeric_limits<Real>::quiet_NaN();
  Real energy_shape = kNaN;    ///< k of the largest a_i (NaN: too few samples, or ties)
  Real variance_shape = kNaN;  ///< k of the largest c_i
  Real largest_share = kNaN;   ///< the largest c_i over the sum of all c_i
  Real shape_limit = kNaN;     ///< tail_shape_limit(S)

  /// The energy's error bar can be trusted as far as the tail shows (k <= limit, or unknown).
  bool error_trusted() const { return !(energy_shape > shape_limit); }
  /// The sampled variance can be trusted as far as the tail shows.
  bool variance_trusted() const { return !(variance_shape > shape_limit); }
};

/// Which contributions: a_i (the energy's) or c_i (the variance's).
enum class Contribution { kEnergy, kVariance };

/// How many largest values the fit needs from S samples: M + 1, M = ceil(min(S / 5, 3 sqrt(S))).
Index tail_length(Index samples);

/// This rank's `keep` largest distinct contributions, in descending order (values within a relative
/// 1e-9 count once: a Markov chain that stays in a state repeats its sample, and the fit needs
/// distinct values). `weights` empty: w = 1.
std::vector<Real> largest_contributions(const ComplexVector& e_loc, const RealVector& weights,
                                        Complex mean, Contribution kind, Index keep);

/// The `keep` largest distinct values of the concatenated per-rank lists, in descending order.
std::vector<Real> merge_largest(std::vector<Real> all, Index keep);

/// Generalized Pareto shape k of the exceedances of the largest values over the smallest of them
/// (`largest`: descending, M + 1 values), with the weak prior of PSIS (k pulled towards 1/2 by 10
/// pseudo-observations). NaN for fewer than 5 exceedances or when a quarter of them are ties.
Real pareto_shape(const std::vector<Real>& largest);

/// The diagnostics of S samples from the merged largest a_i and c_i and the sum of all c_i.
TailDiagnostics tail_diagnostics(const std::vector<Real>& largest_energy,
                                 const std::vector<Real>& largest_variance, Real variance_sum,
                                 Index samples);

}  // namespace vitvmc
