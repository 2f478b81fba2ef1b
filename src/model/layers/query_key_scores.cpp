#include "vitvmc/model/layers/query_key_scores.hpp"

#include <cmath>

namespace vitvmc {

using attention_kernels::head_of;

QueryKeyScores::QueryKeyScores(const AttentionArgs& a)
    : tokens_(a.patches.n_patches()),
      heads_(a.heads),
      queries_(a.store, a.prefix + ".Q", a.d, a.d, a.seed),
      keys_(a.store, a.prefix + ".K", a.d, a.d, a.seed) {}

template <class S>
void QueryKeyScores::project(const VectorOf<S>& theta, const MatrixOf<S>& u,
                             AttentionCacheOf<S>& cache) const {
  queries_.forward(theta, u, cache.q);
  keys_.forward(theta, u, cache.k);
}

template <class S>
void QueryKeyScores::softmax(const AttentionCacheOf<S>& cache, const MatrixOf<S>* bias,
                             MatrixOf<S>& maps) const {
  const Index n = tokens_;
  const Index batch = cache.q.rows() / n;
  const Index width = cache.q.cols() / heads_;
  const S scale = S(1) / std::sqrt(static_cast<S>(width));
  maps.resize(batch * heads_ * n, n);
  for (Index s = 0; s < batch; ++s) {
    for (Index mu = 0; mu < heads_; ++mu) {
      auto a = maps.middleRows((s * heads_ + mu) * n, n);
      a.noalias() =
          head_of(cache.q, s, mu, n, width) * head_of(cache.k, s, mu, n, width).transpose();
      if (bias != nullptr)
        a = scale * a + bias->middleRows(mu * n, n);
      else
        a *= scale;
      for (Index i = 0; i < n; ++i) {
        auto row = a.row(i).array();
        row = (row - row.maxCoeff()).exp();
        row /= row.sum();
      }
    }
  }
}

void QueryKeyScores::softmax_backward(const RealMatrix& maps, RealMatrix& g) {
  const Index forward_rows = maps.rows();
  for (Index r = 0; r < g.rows(); ++r) {
    const auto p = maps.row(r % forward_rows);
    const Real dot = g.row(r).dot(p);
    g.row(r) = (g.row(r).array() - dot) * p.array();
  }
}

void QueryKeyScores::backward(const RealVector& theta, const RealMatrix& u,
                              const AttentionCache& cache, const RealMatrix& g_scores,
                              RealMatrix& g_u, JacobianWriter& out, ReverseScratch& scratch) const {
  const Index n = tokens_;
  const Index batch = out.batch();
  const Index width = cache.q.cols() / heads_;
  const Real scale = 1.0 / std::sqrt(static_cast<Real>(width));
  RealMatrix& g_q = scratch.g_q;
  RealMatrix& g_k = scratch.g_k;
  g_q.resize(2 * batch * n, cache.q.cols());
  g_k.resize(2 * batch * n, cache.k.cols());
  for (Index vs = 0; vs < 2 * batch; ++vs) {
    const Index s = vs % batch;
    for (Index mu = 0; mu < heads_; ++mu) {
      const auto gs = g_scores.middleRows((vs * heads_ + mu) * n, n);
      head_of(g_q, vs, mu, n, width).noalias() = scale * gs * head_of(cache.k, s, mu, n, width);
      head_of(g_k, vs, mu, n, width).noalias() =
          scale * gs.transpose() * head_of(cache.q, s, mu, n, width);
    }
  }
  queries_.write_jacobian(u, g_q, out);
  keys_.write_jacobian(u, g_k, out);
  queries_.backward_input(theta, g_q, g_u, true);
  keys_.backward_input(theta, g_k, g_u, true);
}

AttentionCost QueryKeyScores::cost(Index n, Index d, Index heads) {
  const double nd = static_cast<double>(n), dd = static_cast<double>(d);
  return {.multiply_adds = 2.0 * nd * dd * dd + nd * nd * dd,
          .cache_per_row = 2.0 * dd,
          .cache_per_sample = static_cast<double>(heads) * nd * nd,
          .reverse_per_row = 2.0 * dd};
}

template void QueryKeyScores::project(const VectorOf<double>&, const MatrixOf<double>&,
                                      AttentionCacheOf<double>&) const;
template void QueryKeyScores::project(const VectorOf<float>&, const MatrixOf<float>&,
                                      AttentionCacheOf<float>&) const;
template void QueryKeyScores::softmax(const AttentionCacheOf<double>&, const MatrixOf<double>*,
                                      MatrixOf<double>&) const;
template void QueryKeyScores::softmax(const AttentionCacheOf<float>&, const MatrixOf<float>*,
                                      MatrixOf<float>&) const;

}  // namespace vitvmc
