#include "vitvmc/model/layers/layer_norm.hpp"

#include <cmath>

#include "vitvmc/model/layers/init.hpp"

namespace vitvmc {

LayerNorm::LayerNorm(ParameterStore& store, const std::string& name, Index width) : width_(width) {
  gamma_offset_ = add_constant(store, name + ".gamma", {width}, 1.0);
  beta_offset_ = add_constant(store, name + ".beta", {width}, 0.0);
}

template <class S>
void LayerNorm::forward(const VectorOf<S>& theta, const MatrixOf<S>& x, MatrixOf<S>& y,
                        LayerNormCacheOf<S>& cache) const {
  using Row = Eigen::Matrix<S, 1, Eigen::Dynamic>;
  const Index rows = x.rows();
  const Eigen::Map<const Row> gamma(theta.data() + gamma_offset_, width_);
  const Eigen::Map<const Row> beta(theta.data() + beta_offset_, width_);
  cache.xhat.resize(rows, width_);
  cache.inv_sigma.resize(rows);
  y.resize(rows, width_);
  const S inv_width = S(1) / static_cast<S>(width_);
  for (Index r = 0; r < rows; ++r) {
    const S mean = x.row(r).sum() * inv_width;
    cache.xhat.row(r) = x.row(r).array() - mean;
    const S var = cache.xhat.row(r).squaredNorm() * inv_width;
    const S inv_sigma = S(1) / std::sqrt(var + static_cast<S>(kEpsilon));
    cache.inv_sigma[r] = inv_sigma;
    cache.xhat.row(r) *= inv_sigma;
    y.row(r) = cache.xhat.row(r).cwiseProduct(gamma) + beta;
  }
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
