#include "vitvmc/model/layers/layer_norm.hpp"

#include <algorithm>
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

namespace {

/// The reverse pass of one virtual sample's rows (token t of g pairs with row t of xhat): adds to
/// gamma_grad (g . xhat) and beta_grad (g), and replaces g by the adjoint of x,
/// ((g gamma - mean(g gamma)) - xhat mean(g gamma xhat)) / sigma.
VITVMC_SIMD_CLONES void backward_rows(const Real* __restrict xhat, const Real* __restrict inv_sigma,
                                      const Real* __restrict gamma, Index rows, Index width,
                                      Real* __restrict g, Real* __restrict gamma_grad,
                                      Real* __restrict beta_grad) {
  const Real inv_width = 1.0 / static_cast<Real>(width);
  for (Index t = 0; t < rows; ++t) {
    const Real* __restrict h = xhat + t * width;
    Real* __restrict gt = g + t * width;
    Real part_g[8] = {}, part_gx[8] = {};
    Index k = 0;
    for (; k + 8 <= width; k += 8) {
      for (int j = 0; j < 8; ++j) {
        const Real gg = gt[k + j] * gamma[k + j];
        part_g[j] += gg;
        part_gx[j] += gg * h[k + j];
      }
    }
    Real sum_g = ((part_g[0] + part_g[1]) + (part_g[2] + part_g[3])) +
                 ((part_g[4] + part_g[5]) + (part_g[6] + part_g[7]));
    Real sum_gx = ((part_gx[0] + part_gx[1]) + (part_gx[2] + part_gx[3])) +
                  ((part_gx[4] + part_gx[5]) + (part_gx[6] + part_gx[7]));
    for (; k < width; ++k) {
      const Real gg = gt[k] * gamma[k];
      sum_g += gg;
      sum_gx += gg * h[k];
    }
    const Real mean_g = sum_g * inv_width, mean_gx = sum_gx * inv_width, inv = inv_sigma[t];
    for (k = 0; k < width; ++k) {
      gamma_grad[k] += gt[k] * h[k];
      beta_grad[k] += gt[k];
      gt[k] = ((gt[k] * gamma[k] - mean_g) - h[k] * mean_gx) * inv;
    }
  }
}

}  // namespace

void LayerNorm::backward(const RealVector& theta, const LayerNormCache& cache, RealMatrix& g,
                         JacobianWriter& out) const {
  const Index batch = out.batch();
  const Index rows = cache.xhat.rows() / batch;
  Real* buffer = out.scratch(4 * width_);
  Real* grads[2][2] = {{buffer, buffer + width_}, {buffer + 2 * width_, buffer + 3 * width_}};
  for (Index s = 0; s < batch; ++s) {
    for (int part = 0; part < 2; ++part) {
      std::fill_n(grads[part][0], 2 * width_, 0.0);
      backward_rows(cache.xhat.data() + s * rows * width_, cache.inv_sigma.data() + s * rows,
                    theta.data() + gamma_offset_, rows, width_,
                    g.data() + (part * batch + s) * rows * width_, grads[part][0], grads[part][1]);
    }
    out.set(s, gamma_offset_, grads[0][0], grads[1][0], width_);
    out.set(s, beta_offset_, grads[0][1], grads[1][1], width_);
  }
}

}  // namespace vitvmc
