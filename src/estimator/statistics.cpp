#include "vitvmc/estimator/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

constexpr Real kNaN = std::numeric_limits<Real>::quiet_NaN();

struct MeanVar {
  Real mean = 0;
  Real var = 0;  // 1/(n - 1); 0 for n < 2
};

MeanVar mean_var_re(const Complex* x, Index n) {
  MeanVar mv;
  if (n == 0) return mv;
  for (Index i = 0; i < n; ++i) mv.mean += x[i].real();
  mv.mean /= static_cast<Real>(n);
  if (n < 2) return mv;
  for (Index i = 0; i < n; ++i) mv.var += std::norm(x[i].real() - mv.mean);
  mv.var /= static_cast<Real>(n - 1);
  return mv;
}

/// Block b of nb over n samples: [floor(b n / nb), floor((b + 1) n / nb)).
Index block_start(Index b, Index n, Index nb) { return b * n / nb; }

/// Standard error of a weighted mean from K independent block means (ratio-estimator form; equals
/// sqrt(var(b) / K) for equal weights).
Real block_error(const std::vector<Real>& w, const std::vector<Real>& b, Real mean) {
  const auto k = static_cast<Real>(w.size());
  if (w.size() < 2) return kNaN;
  Real total = 0;
  for (Real wi : w) total += wi;
  Real sum = 0;
  for (std::size_t i = 0; i < w.size(); ++i) sum += std::norm(w[i] / total * (b[i] - mean));
  return std::sqrt(k / (k - 1) * sum);
}

Real error_of_mean(const std::vector<ChainSummary>& chains, Real mean) {
  std::vector<Real> w;
  std::vector<Real> b;
  if (static_cast<Index>(chains.size()) >= kMinChainsForSpread) {
    for (const ChainSummary& c : chains) {
      w.push_back(c.n);
      b.push_back(c.mean_re);
    }
  } else {
    for (const ChainSummary& c : chains) {
      const auto n = static_cast<Index>(c.n);
      const auto nb = static_cast<Index>(c.n_blocks);
      for (Index k = 0; k < nb; ++k) {
        w.push_back(static_cast<Real>(block_start(k + 1, n, nb) - block_start(k, n, nb)));
        b.push_back(c.block_mean[static_cast<std::size_t>(k)]);
      }
    }
  }
  return block_error(w, b, mean);
}

/// Delta-method standard error of the ratio sum_u v_u / sum_u w_u over K independent units (the
/// same form as block_error, written for sums instead of means).
Real ratio_error(const std::vector<Real>& v, const std::vector<Real>& w, Real ratio) {
  if (v.size() < 2) return kNaN;
  Real total = 0;
  Real spread = 0;
  for (std::size_t u = 0; u < v.size(); ++u) {
    total += w[u];
    spread += std::norm(v[u] - ratio * w[u]);
  }
  const auto k = static_cast<Real>(v.size());
  return std::sqrt(spread * k / (k - 1)) / total;
}

/// Error of the variance from the spread of the chains' sums of |E_loc - mean|^2 (NaN with few
/// chains: the error bar then uses blocks, whose variances a summary does not keep).
Real variance_error_of_chains(const std::vector<ChainSummary>& chains, Complex mean,
                              Real variance) {
  if (static_cast<Index>(chains.size()) < kMinChainsForSpread) return kNaN;
  std::vector<Real> v, w;
  for (const ChainSummary& c : chains) {
    v.push_back(c.n * (c.var_re + c.var_im + std::norm(c.mean_re - mean.real()) +
                       std::norm(c.mean_im - mean.imag())));
    w.push_back(c.n);
  }
  return ratio_error(v, w, variance);
}

/// Gelman-Rubin R-hat over the 2 m half chains (BDA3 split-R-hat, without rank normalisation).
Real split_r_hat(const std::vector<ChainSummary>& chains) {
  std::vector<Real> means;
  Real within = 0;
  Real h = 0;
  for (const ChainSummary& c : chains) {
    if (c.half_n < 2) return kNaN;
    means.push_back(c.half1_mean);
    means.push_back(c.half2_mean);
    within += c.half1_var + c.half2_var;
    h += 2 * c.half_n;
  }
  if (means.size() < 2) return kNaN;
  const auto m = static_cast<Real>(means.size());
  within /= m;
  h /= m;
  Real grand = 0;
  for (Real x : means) grand += x;
  grand /= m;
  Real between_over_h = 0;  // B / h = sample variance of the half-chain means
  for (Real x : means) between_over_h += std::norm(x - grand);
  between_over_h /= m - 1;
  if (within == 0) return between_over_h == 0 ? 1.0 : std::numeric_limits<Real>::infinity();
  return std::sqrt(((h - 1) / h * within + between_over_h) / within);
}

/// tau = 1 + 2 sum_{t=1}^{M} rho(t) with Sokal's automatic window: the smallest M >= c tau(M).
Real integrated_autocorrelation(const std::vector<ChainSummary>& chains, Real total) {
  std::array<Real, ChainSummary::kMaxLag + 1> c{};
  for (const ChainSummary& s : chains) {
    for (std::size_t t = 0; t < c.size(); ++t) c[t] += s.n * s.autocov[t] / total;
  }
  if (!(c[0] > 0)) return 1.0;
  Real tau = 1;
  for (std::size_t t = 1; t < c.size(); ++t) {
    tau += 2 * c[t] / c[0];
    if (static_cast<Real>(t) >= kSokalWindow * tau) break;
  }
  return tau;
}

}  // namespace

bool EnergyStatistics::error_trusted() const {
  return tail.error_trusted() && !(r_hat > kMaxMixedRHat);
}

std::vector<Real> ChainSummary::to_vector() const {
  std::vector<Real> v = {n,          mean_re,   mean_im,    var_re,    var_im,  half_n,
                         half1_mean, half1_var, half2_mean, half2_var, n_blocks};
  v.insert(v.end(), block_mean.begin(), block_mean.end());
  v.insert(v.end(), autocov.begin(), autocov.end());
  return v;
}

ChainSummary ChainSummary::from_vector(const Real* d) {
  ChainSummary s;
  Real* scalars[] = {&s.n,          &s.mean_re,   &s.mean_im,    &s.var_re,
                     &s.var_im,     &s.half_n,    &s.half1_mean, &s.half1_var,
                     &s.half2_mean, &s.half2_var, &s.n_blocks};
  for (Real* field : scalars) *field = *d++;
  std::copy(d, d + kBlocks, s.block_mean.begin());
  std::copy(d + kBlocks, d + kBlocks + kMaxLag + 1, s.autocov.begin());
  return s;
}

ChainSummary summarize_chain(const Complex* e_loc, Index n) {
  VITVMC_REQUIRE(n >= 0, "negative chain length");
  ChainSummary s;
  s.n = static_cast<Real>(n);
  if (n == 0) return s;
  for (Index i = 0; i < n; ++i) {
    s.mean_re += e_loc[i].real();
    s.mean_im += e_loc[i].imag();
  }
  s.mean_re /= s.n;
  s.mean_im /= s.n;
  for (Index i = 0; i < n; ++i) {
    s.var_re += std::norm(e_loc[i].real() - s.mean_re);
    s.var_im += std::norm(e_loc[i].imag() - s.mean_im);
  }
  s.var_re /= s.n;
  s.var_im /= s.n;

  const Index h = n / 2;
  s.half_n = static_cast<Real>(h);
  const MeanVar first = mean_var_re(e_loc, h);
  const MeanVar last = mean_var_re(e_loc + (n - h), h);
  s.half1_mean = first.mean;
  s.half1_var = first.var;
  s.half2_mean = last.mean;
  s.half2_var = last.var;

  const Index nb = std::min<Index>(ChainSummary::kBlocks, n);
  s.n_blocks = static_cast<Real>(nb);
  for (Index b = 0; b < nb; ++b) {
    const Index lo = block_start(b, n, nb);
    s.block_mean[static_cast<std::size_t>(b)] =
        mean_var_re(e_loc + lo, block_start(b + 1, n, nb) - lo).mean;
  }

  for (Index t = 0; t <= std::min<Index>(ChainSummary::kMaxLag, n - 1); ++t) {
    Real sum = 0;
    for (Index i = 0; i + t < n; ++i) {
      sum += (e_loc[i].real() - s.mean_re) * (e_loc[i + t].real() - s.mean_re);
    }
    s.autocov[static_cast<std::size_t>(t)] = sum / s.n;
  }
  return s;
}

std::vector<ChainSummary> summarize_chains(const ComplexVector& e_loc, Index samples_per_chain) {
  VITVMC_REQUIRE(samples_per_chain > 0 && e_loc.size() % samples_per_chain == 0,
                 "e_loc length is not a multiple of samples_per_chain");
  std::vector<ChainSummary> out;
  for (Index c = 0; c < e_loc.size() / samples_per_chain; ++c) {
    out.push_back(summarize_chain(e_loc.data() + c * samples_per_chain, samples_per_chain));
  }
  return out;
}

std::vector<Real> pack_summaries(const std::vector<ChainSummary>& summaries) {
  std::vector<Real> packed;
  packed.reserve(summaries.size() * ChainSummary::kSize);
  for (const ChainSummary& s : summaries) {
    const std::vector<Real> v = s.to_vector();
    packed.insert(packed.end(), v.begin(), v.end());
  }
  return packed;
}

std::vector<ChainSummary> unpack_summaries(const std::vector<Real>& packed) {
  VITVMC_REQUIRE(packed.size() % ChainSummary::kSize == 0, "packed summaries have a bad length");
  std::vector<ChainSummary> out;
  for (std::size_t i = 0; i < packed.size(); i += ChainSummary::kSize) {
    out.push_back(ChainSummary::from_vector(packed.data() + i));
  }
  return out;
}

EnergyStatistics combine_chains(const std::vector<ChainSummary>& chains, Index n_sites) {
  EnergyStatistics st;
  st.n_chains = static_cast<Index>(chains.size());
  Real total = 0;
  Real re = 0;
  Real im = 0;
  for (const ChainSummary& c : chains) {
    total += c.n;
    re += c.n * c.mean_re;
    im += c.n * c.mean_im;
  }
  st.n_samples = static_cast<Index>(total);
  st.effective_samples = total;
  VITVMC_REQUIRE(total > 0, "no samples to combine");
  st.mean = Complex(re / total, im / total);
  for (const ChainSummary& c : chains) {
    st.variance += c.n * (c.var_re + c.var_im + std::norm(c.mean_re - st.mean.real()) +
                          std::norm(c.mean_im - st.mean.imag()));
  }
  st.variance /= total;
  const auto n = static_cast<Real>(n_sites);
  st.energy_per_site = st.mean.real() / n;
  st.error = error_of_mean(chains, st.mean.real());
  st.error_per_site = st.error / n;
  st.variance_error = variance_error_of_chains(chains, st.mean, st.variance);
  st.v_score = n * st.variance / std::norm(st.mean.real());
  st.r_hat = split_r_hat(chains);
  st.tau_corr = integrated_autocorrelation(chains, total);
  return st;
}

WeightedSums weighted_sums(const ComplexVector& e_loc, const RealVector& weights) {
  VITVMC_REQUIRE(e_loc.size() == weights.size(), "e_loc and weights differ in length");
  WeightedSums s;
  for (Index i = 0; i < e_loc.size(); ++i) {
    s.weight += weights(i);
    s.re += weights(i) * e_loc(i).real();
    s.im += weights(i) * e_loc(i).imag();
    s.abs2 += weights(i) * std::norm(e_loc(i));
    s.weight2 += weights(i) * weights(i);
  }
  s.count = static_cast<Real>(e_loc.size());
  return s;
}

EnergyStatistics weighted_statistics(const WeightedSums& sums, Index n_sites) {
  VITVMC_REQUIRE(sums.weight > 0, "weighted statistics need a positive total weight");
  EnergyStatistics st;
  st.mean = Complex(sums.re / sums.weight, sums.im / sums.weight);
  st.variance = std::max(0.0, sums.abs2 / sums.weight - std::norm(st.mean));
  const auto n = static_cast<Real>(n_sites);
  st.energy_per_site = st.mean.real() / n;
  st.v_score = n * st.variance / std::norm(st.mean.real());
  st.n_samples = static_cast<Index>(sums.count);
  st.effective_samples = sums.weight2 > 0 ? sums.weight * sums.weight / sums.weight2
                                          : std::numeric_limits<Real>::quiet_NaN();
  return st;
}

EnergyStatistics importance_statistics(const std::vector<WeightedSums>& units, Index n_sites) {
  VITVMC_REQUIRE(units.size() >= 2, "importance statistics need at least two units");
  WeightedSums total;
  for (const WeightedSums& u : units) {
    total.weight += u.weight;
    total.re += u.re;
    total.im += u.im;
    total.abs2 += u.abs2;
    total.count += u.count;
    total.weight2 += u.weight2;
  }
  EnergyStatistics st = weighted_statistics(total, n_sites);
  // Linearised ratio estimators, units independent: dE = sum_u (re_u - E w_u) / W, and the same
  // for the variance with v_u = sum_i w_i |E_i - E|^2 of the unit.
  std::vector<Real> re, v, w;
  const Complex e = st.mean;
  for (const WeightedSums& u : units) {
    re.push_back(u.re);
    v.push_back(u.abs2 - 2 * (e.real() * u.re + e.imag() * u.im) + std::norm(e) * u.weight);
    w.push_back(u.weight);
  }
  st.error = ratio_error(re, w, e.real());
  st.error_per_site = st.error / static_cast<Real>(n_sites);
  st.variance_error = ratio_error(v, w, st.variance);
  st.n_chains = static_cast<Index>(units.size());
  return st;
}

EnergyStatistics weighted_statistics(const ComplexVector& e_loc, const RealVector& weights,
                                     Index n_sites) {
  return weighted_statistics(weighted_sums(e_loc, weights), n_sites);
}

}  // namespace vitvmc
