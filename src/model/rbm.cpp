#include "vitvmc/model/rbm.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

#include "vitvmc/util/error.hpp"
#include "vitvmc/util/rng.hpp"

namespace vitvmc {
namespace {

/// log cosh u without overflow: with s = sign(Re u), log cosh u = s u + log(1 + e^{-2 s u}) -
/// log 2.
Complex log_cosh(Complex u) {
  const Complex su = u.real() >= 0 ? u : -u;
  return su + std::log(1.0 + std::exp(-2.0 * su)) - std::numbers::ln2;
}

/// Standard normal draw (Box-Muller); 1 - uniform() keeps the logarithm finite.
Real normal(PhiloxStream& rng) {
  const Real r = std::sqrt(-2.0 * std::log(1.0 - rng.uniform()));
  return r * std::cos(2.0 * std::numbers::pi * rng.uniform());
}

}  // namespace

RbmWaveFunction::RbmWaveFunction(Index n_sites, Real alpha, std::uint64_t seed, Real init_std)
    : n_visible_(n_sites),
      n_hidden_(std::max<Index>(1, static_cast<Index>(std::lround(alpha * n_sites)))) {
  require_input(alpha > 0, "--model.alpha", "must be > 0");
  VITVMC_REQUIRE(n_sites > 0, "RBM needs at least one site");
  for (const char* part : {"re", "im"}) store_.add(std::string("rbm.a.") + part, {n_visible_});
  for (const char* part : {"re", "im"}) store_.add(std::string("rbm.b.") + part, {n_hidden_});
  for (const char* part : {"re", "im"})
    store_.add(std::string("rbm.W.") + part, {n_hidden_, n_visible_});
  PhiloxStream rng(seed, 0);
  for (Real& v : store_.values()) v = init_std * normal(rng);
}

std::string RbmWaveFunction::describe() const {
  std::ostringstream out;
  out << "rbm N=" << n_visible_ << " M=" << n_hidden_ << " params=" << n_params();
  return out.str();
}

double RbmWaveFunction::forward_flops_per_sample() const {
  const auto n = static_cast<double>(n_visible_), m = static_cast<double>(n_hidden_);
  return 4.0 * n * m + 4.0 * n;
}

void RbmWaveFunction::hidden_fields(const RealMatrix& sigma, ComplexMatrix& theta,
                                    ComplexVector& visible) const {
  const auto w_re = store_.matrix(store_.slice("rbm.W.re"));
  const auto w_im = store_.matrix(store_.slice("rbm.W.im"));
  const auto b_re = store_.vector(store_.slice("rbm.b.re"));
  const auto b_im = store_.vector(store_.slice("rbm.b.im"));
  const auto a_re = store_.vector(store_.slice("rbm.a.re"));
  const auto a_im = store_.vector(store_.slice("rbm.a.im"));
  // Two real GEMMs (B x N times N x M) carry all the work.
  RealMatrix re = sigma * w_re.transpose();
  RealMatrix im = sigma * w_im.transpose();
  re.rowwise() += b_re.transpose();
  im.rowwise() += b_im.transpose();
  theta.resize(sigma.rows(), n_hidden_);
  theta.real() = re;
  theta.imag() = im;
  visible.resize(sigma.rows());
  visible.real() = sigma * a_re;
  visible.imag() = sigma * a_im;
}

ComplexVector RbmWaveFunction::log_psi(const ConfigBatch& configs) const {
  VITVMC_REQUIRE(configs.cols() == n_visible_, "configuration width != n_sites");
  const RealMatrix sigma = configs.cast<Real>();
  ComplexMatrix theta;
  ComplexVector out;
  hidden_fields(sigma, theta, out);
  for (Index s = 0; s < theta.rows(); ++s)
    for (Index j = 0; j < n_hidden_; ++j) out(s) += log_cosh(theta(s, j));
  return out;
}

void RbmWaveFunction::log_psi_and_jacobian(const ConfigBatch& configs, ComplexVector& log_psi,
                                           ComplexMatrix& jacobian) const {
  VITVMC_REQUIRE(configs.cols() == n_visible_, "configuration width != n_sites");
  const RealMatrix sigma = configs.cast<Real>();
  ComplexMatrix theta;
  hidden_fields(sigma, theta, log_psi);
  const Complex i_unit(0.0, 1.0);
  const Index n = n_visible_;
  const Index a_re = store_.slice("rbm.a.re").offset, a_im = store_.slice("rbm.a.im").offset;
  const Index b_re = store_.slice("rbm.b.re").offset, b_im = store_.slice("rbm.b.im").offset;
  const Index w_re = store_.slice("rbm.W.re").offset, w_im = store_.slice("rbm.W.im").offset;
  jacobian.resize(configs.rows(), n_params());
  ComplexVector t(n_hidden_);
  for (Index s = 0; s < configs.rows(); ++s) {
    for (Index j = 0; j < n_hidden_; ++j) {
      log_psi(s) += log_cosh(theta(s, j));
      t(j) = std::tanh(theta(s, j));  // d log cosh(theta) / d theta
    }
    auto row = jacobian.row(s);
    const auto sig = sigma.row(s).cast<Complex>();
    row.segment(a_re, n) = sig;
    row.segment(a_im, n) = i_unit * sig;
    row.segment(b_re, n_hidden_) = t.transpose();
    row.segment(b_im, n_hidden_) = i_unit * t.transpose();
    for (Index j = 0; j < n_hidden_; ++j) {
      row.segment(w_re + j * n, n) = t(j) * sig;
      row.segment(w_im + j * n, n) = (i_unit * t(j)) * sig;
    }
  }
}

}  // namespace vitvmc
