#include "vitvmc/estimator/tail_diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

constexpr Real kNaN = std::numeric_limits<Real>::quiet_NaN();
/// Values closer than this (relative) are one state sampled again: a Markov chain repeats its
/// configuration after rejected moves, and such ties would fake exceedances of size ~0 (rounding)
/// that the fit reads as an extremely heavy tail.
constexpr Real kSameValue = 1e-9;
/// Fewer exceedances than this give no usable fit.
constexpr std::size_t kMinExceedances = 5;
/// PSIS's limit for many samples (Vehtari et al. 2024, section 3.2).
constexpr Real kPracticalShapeLimit = 0.7;
/// The PSIS prior: 10 pseudo-observations at k = 1/2; the grid's scale prior 3.
constexpr Real kPriorCount = 10;
constexpr Real kPriorScale = 3;

Real contribution(Complex e, Real w, Complex mean, Contribution kind) {
  const Complex d = e - mean;
  return kind == Contribution::kEnergy ? w * std::abs(d.real()) : w * std::norm(d);
}

/// Mean of log1p(-theta x) over the exceedances: the profile estimate of k for a given theta.
Real profile_k(Real theta, const std::vector<Real>& x) {
  Real sum = 0;
  for (const Real xi : x) sum += std::log1p(-theta * xi);
  return sum / static_cast<Real>(x.size());
}

}  // namespace

Index tail_length(Index samples) {
  const Real s = static_cast<Real>(samples);
  return static_cast<Index>(std::ceil(std::min(0.2 * s, 3 * std::sqrt(s)))) + 1;
}

std::vector<Real> largest_contributions(const ComplexVector& e_loc, const RealVector& weights,
                                        Complex mean, Contribution kind, Index keep) {
  VITVMC_REQUIRE(weights.size() == 0 || weights.size() == e_loc.size(),
                 "weights and local energies differ in length");
  std::vector<Real> c(static_cast<std::size_t>(e_loc.size()));
  for (Index i = 0; i < e_loc.size(); ++i)
    c[static_cast<std::size_t>(i)] =
        contribution(e_loc(i), weights.size() > 0 ? weights(i) : 1.0, mean, kind);
  return merge_largest(std::move(c), keep);
}

std::vector<Real> merge_largest(std::vector<Real> all, Index keep) {
  std::sort(all.begin(), all.end(), std::greater<>());
  std::vector<Real> out;
  for (const Real v : all) {
    if (static_cast<Index>(out.size()) >= keep) break;
    if (out.empty() || out.back() - v > kSameValue * out.back()) out.push_back(v);
  }
  return out;
}

// Zhang & Stephens (2009) as in the loo package's gpdfit(): the posterior mean of theta = -k /
// sigma over a grid, weighted by the profile likelihood, then k from theta.
Real pareto_shape(const std::vector<Real>& largest) {
  if (largest.size() < kMinExceedances + 1) return kNaN;
  const std::size_t n = largest.size() - 1;
  const Real threshold = largest[n];
  std::vector<Real> x(n);  // ascending exceedances
  for (std::size_t i = 0; i < n; ++i) x[i] = largest[n - 1 - i] - threshold;
  const Real first_quartile = x[static_cast<std::size_t>(std::floor(n / 4.0 + 0.5)) - 1];
  const Real x_max = x.back();
  if (!(first_quartile > 0) || !std::isfinite(x_max)) return kNaN;

  const auto n_real = static_cast<Real>(n);
  const auto grid = static_cast<std::size_t>(30 + std::floor(std::sqrt(n_real)));
  std::vector<Real> theta(grid), log_lik(grid);
  for (std::size_t j = 0; j < grid; ++j) {
    theta[j] = 1 / x_max + (1 - std::sqrt(static_cast<Real>(grid) / (static_cast<Real>(j) + 0.5))) /
                               (kPriorScale * first_quartile);
    const Real k = profile_k(theta[j], x);
    log_lik[j] = n_real * (std::log(-theta[j] / k) - k - 1);
  }
  Real top = -std::numeric_limits<Real>::infinity();
  for (const Real l : log_lik)
    if (std::isfinite(l)) top = std::max(top, l);
  if (!std::isfinite(top)) return kNaN;
  Real weight_sum = 0, theta_hat = 0;
  for (std::size_t j = 0; j < grid; ++j) {
    if (!std::isfinite(log_lik[j])) continue;  // theta = 0 exactly: no information
    const Real w = std::exp(log_lik[j] - top);
    weight_sum += w;
    theta_hat += w * theta[j];
  }
  const Real k = profile_k(theta_hat / weight_sum, x);
  return (n_real * k + kPriorCount * 0.5) / (n_real + kPriorCount);
}

Real tail_shape_limit(Index samples) {
  return std::min(1 - 1 / std::log10(static_cast<Real>(samples)), kPracticalShapeLimit);
}

TailDiagnostics tail_diagnostics(const std::vector<Real>& largest_energy,
                                 const std::vector<Real>& largest_variance, Real variance_sum,
                                 Index samples) {
  TailDiagnostics t;
  t.shape_limit = tail_shape_limit(samples);
  t.energy_shape = pareto_shape(largest_energy);
  t.variance_shape = pareto_shape(largest_variance);
  if (!largest_variance.empty() && variance_sum > 0)
    t.largest_share = largest_variance.front() / variance_sum;
  return t;
}

}  // namespace vitvmc
