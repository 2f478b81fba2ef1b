#include "vitvmc/model/layers/layer_norm.hpp"

#include <cmath>

#include "simd_clones.hpp"
#include "vitvmc/model/layers/init.hpp"

namespace vitvmc {

LayerNorm::LayerNorm(ParameterStore& store, const std::string& name, Index width) : width_(width) {
  gamma_offset_ = add_constant(store, name + ".gamma", {width}, 1.0);
  beta_offset_ = add_constant(store, name + ".beta", {width}, 0.0);
}

namespace {

/// Sum of n values with eight independent partial sums, so that the cloned loops vectorise
/// without reassociating one long chain.
template <class S>
inline S sum_of(const S* __restrict v, Index n) {
  S part[8] = {};
  Index k = 0;
  for (; k + 8 <= n; k += 8)
    for (int j = 0; j < 8; ++j) part[j] += v[k + j];
  S sum = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
  for (; k < n; ++k) sum += v[k];
  return sum;
}

template <class S>
inline S square_sum_of(const S* __restrict v, Index n) {
  S part[8] = {};
  Index k = 0;
  for (; k + 8 <= n; k += 8)
    for (int j = 0; j < 8; ++j) part[j] += v[k + j] * v[k + j];
  S sum = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
  for (; k < n; ++k) sum += v[k] * v[k];
  return sum;
}

/// Every row of x (rows x width, row-major): xhat = (x - mean) / sigma, y = gamma xhat + beta,
/// sigma = sqrt(biased variance + epsilon); 1/sigma per row into inv_sigma.
template <class S>
VITVMC_SIMD_CLONES void normalise_rows(const S* __restrict x, const S* __restrict gamma,
                                       const S* __restrict beta, Index rows, Index width, S epsilon,
                                       S* __restrict xhat, S* __restrict y,
                                       S* __restrict inv_sigma) {
  const S inv_width = S(1) / static_cast<S>(width);
  for (Index r = 0; r < rows; ++r) {
    const S* __restrict xr = x + r * width;
    S* __restrict hr = xhat + r * width;
    S* __restrict yr = y + r * width;
    const S mean = sum_of(xr, width) * inv_width;
    for (Index k = 0; k < width; ++k) hr[k] = xr[k] - mean;
    const S inv = S(1) / std::sqrt(square_sum_of(hr, width) * inv_width + epsilon);
    inv_sigma[r] = inv;
    for (Index k = 0; k < width; ++k) {
      const S h = hr[k] * inv;
      hr[k] = h;
      yr[k] = h * gamma[k] + beta[k];
    }
  }
}

}  // namespace

template <class S>
void LayerNorm::forward(const VectorOf<S>& theta, const MatrixOf<S>& x, MatrixOf<S>& y,
                        LayerNormCacheOf<S>& cache) const {
  const Index rows = x.rows();
  cache.xhat.resize(rows, width_);
  cache.inv_sigma.resize(rows);
  y.resize(rows, width_);
  normalise_rows(x.data(), theta.data() + gamma_offset_, theta.data() + beta_offset_, rows, width_,
                 static_cast<S>(kEpsilon), cache.xhat.data(), y.data(), cache.inv_sigma.data());
}

template void LayerNorm::forward(const VectorOf<double>&, const MatrixOf<double>&,
                                 MatrixOf<double>&, LayerNormCacheOf<double>&) const;
template void LayerNorm::forward(const VectorOf<float>&, const MatrixOf<float>&, MatrixOf<float>&,
                                 LayerNormCacheOf<float>&) const;

void LayerNorm::backward(const RealVector& theta, const LayerNormCache& cache, RealMatrix& g,
                         JacobianWriter& out) const {
  const Index batch = out.batch();
  const Index forward_rows = cache.xhat.rows();
  const Index rows = forward_rows / batch;
  const Eigen::Map<const Eigen::RowVectorXd> gamma(theta.data() + gamma_offset_, width_);
  const Real inv_width = 1.0 / static_cast<Real>(width_);
  Eigen::RowVectorXd gamma_grad[2] = {Eigen::RowVectorXd(width_), Eigen::RowVectorXd(width_)};
  Eigen::RowVectorXd beta_grad[2] = {Eigen::RowVectorXd(width_), Eigen::RowVectorXd(width_)};
  Eigen::RowVectorXd ghat(width_);
  for (Index s = 0; s < batch; ++s) {
    for (int part = 0; part < 2; ++part) {
      gamma_grad[part].setZero();
      beta_grad[part].setZero();
      for (Index t = 0; t < rows; ++t) {
        const Index fr = s * rows + t;
        const Index r = (part * batch + s) * rows + t;
        const auto xhat = cache.xhat.row(fr);
        gamma_grad[part] += g.row(r).cwiseProduct(xhat);
        beta_grad[part] += g.row(r);
        ghat = g.row(r).cwiseProduct(gamma);
        const Real mean_g = ghat.sum() * inv_width;
        const Real mean_gx = ghat.dot(xhat) * inv_width;
        g.row(r) = ((ghat.array() - mean_g) - xhat.array() * mean_gx) * cache.inv_sigma[fr];
      }
    }
    out.set(s, gamma_offset_, gamma_grad[0].data(), gamma_grad[1].data(), width_);
    out.set(s, beta_offset_, beta_grad[0].data(), beta_grad[1].data(), width_);
  }
}

}  // namespace vitvmc
