#pragma once
/// \file weight_profile.hpp
/// Exact mode only: how the probability, the energy and the variance of E_loc split over the
/// states' own probabilities p(s) = |psi(s)|^2 / Z, one bin per decade of p. It shows whether a
/// Metropolis run of M samples can see what carries the variance: states with p << 1/M are
/// (almost) never sampled, so the sampled variance and gradient miss their share.

#include <array>

#include "vitvmc/types.hpp"

namespace vitvmc {

struct WeightProfile {
  /// Bin k holds the states with 10^-(k+1) <= p < 10^-k; the last bin also holds everything below.
  static constexpr int kDecades = 16;
  std::array<Real, kDecades> states{};    ///< basis states in the bin
  std::array<Real, kDecades> mass{};      ///< sum of p
  std::array<Real, kDecades> energy{};    ///< sum of p Re(E_loc - <E>): the bin's pull on <E>
  std::array<Real, kDecades> variance{};  ///< sum of p |E_loc - <E>|^2: the bin's share of Var

  /// The four arrays one after the other (4 kDecades doubles): what the ranks add up.
  std::array<Real, 4 * kDecades> to_array() const;
  static WeightProfile from_array(const std::array<Real, 4 * kDecades>& a);
};

/// This rank's rows of an exact batch: `weights` are the normalised |psi|^2 / Z of the rows (a
/// row's weight covers `multiplicity` basis states, empty = 1 each), `mean` = <E_loc>. Sum the
/// profiles of all ranks (to_array) for the whole sector.
WeightProfile weight_profile(const ComplexVector& e_loc, const RealVector& weights,
                             const RealVector& multiplicity, Complex mean);

}  // namespace vitvmc
