#include "vitvmc/model/layers/standard_attention.hpp"

#include <cmath>

#include "vitvmc/model/layers/init.hpp"

namespace vitvmc {

namespace {
template <class S>
using ConstHeadView = Eigen::Map<const MatrixOf<S>, 0, Eigen::OuterStride<>>;
template <class S>
using HeadView = Eigen::Map<MatrixOf<S>, 0, Eigen::OuterStride<>>;

template <class S>
ConstHeadView<S> head_of(const MatrixOf<S>& m, Index s, Index mu, Index tokens, Index width) {
  return {m.data() + s * tokens * m.cols() + mu * width, tokens, width,
          Eigen::OuterStride<>(m.cols())};
}
template <class S>
HeadView<S> head_of(MatrixOf<S>& m, Index s, Index mu, Index tokens, Index width) {
  return {m.data() + s * tokens * m.cols() + mu * width, tokens, width,
          Eigen::OuterStride<>(m.cols())};
}
}  // namespace

StandardAttention::StandardAttention(ParameterStore& store, const std::string& prefix,
                                     const PatchMap& patches, Index d, Index heads, bool full,
                                     std::uint64_t seed)
    : heads_(heads), table_(patches, heads, full) {
  const Index n = patches.n_patches();
  std::vector<Index> shape = full ? std::vector<Index>{heads, n, n} : std::vector<Index>{heads, n};
  alpha_offset_ = add_xavier_uniform(store, prefix + ".alpha", shape, heads, n, seed);
  queries_ = Dense(store, prefix + ".Q", d, d, seed);
  keys_ = Dense(store, prefix + ".K", d, d, seed);
  values_ = Dense(store, prefix + ".V", d, d, seed);
  output_ = Dense(store, prefix + ".W", d, d, seed);
}

template <class S>
void StandardAttention::softmax_maps(const VectorOf<S>& theta, AttentionCacheOf<S>& cache) const {
  const Index n = table_.tokens();
  const Index batch = cache.q.rows() / n;
  const Index width = cache.q.cols() / heads_;
  const S scale = S(1) / std::sqrt(static_cast<S>(width));
  MatrixOf<S> bias;
  table_.expand(theta.data() + alpha_offset_, bias);
  cache.alpha.resize(batch * heads_ * n, n);
  for (Index s = 0; s < batch; ++s) {
    for (Index mu = 0; mu < heads_; ++mu) {
      auto a = cache.alpha.middleRows((s * heads_ + mu) * n, n);
      a.noalias() =
          head_of(cache.q, s, mu, n, width) * head_of(cache.k, s, mu, n, width).transpose();
      a = scale * a + bias.middleRows(mu * n, n);
      for (Index i = 0; i < n; ++i) {
        auto row = a.row(i).array();
        row = (row - row.maxCoeff()).exp();
        row /= row.sum();
      }
    }
  }
}

void StandardAttention::forward_residual(const RealVector& theta, const RealMatrix& u,
                                         RealMatrix& x, AttentionCache& cache) const {
  forward_impl(theta, u, x, cache);
}

void StandardAttention::forward_residual(const VectorOf<float>& theta, const MatrixOf<float>& u,
                                         MatrixOf<float>& x, AttentionCacheOf<float>& cache) const {
  forward_impl(theta, u, x, cache);
}

template <class S>
void StandardAttention::forward_impl(const VectorOf<S>& theta, const MatrixOf<S>& u, MatrixOf<S>& x,
                                     AttentionCacheOf<S>& cache) const {
  queries_.forward(theta, u, cache.q);
  keys_.forward(theta, u, cache.k);
  values_.forward(theta, u, cache.v);
  softmax_maps(theta, cache);
  attention_kernels::mix(cache.alpha, false, cache.v, heads_, table_.tokens(), cache.mixed,
                         cache.gathered, cache.product);
  output_.forward_accumulate(theta, cache.mixed, x);
}

void StandardAttention::backward(const RealVector& theta, const RealMatrix& u,
                                 const AttentionCache& cache, const RealMatrix& g_out,
                                 RealMatrix& g_u, JacobianWriter& out,
                                 ReverseScratch& scratch) const {
  const Index n = table_.tokens();
  const Index batch = out.batch();
  const Index width = cache.q.cols() / heads_;
  const Real scale = 1.0 / std::sqrt(static_cast<Real>(width));
  output_.write_jacobian(cache.mixed, g_out, out);
  RealMatrix& g_mixed = scratch.g_mixed;
  output_.backward_input(theta, g_out, g_mixed, false);
  RealMatrix& g_v = scratch.g_v;
  RealMatrix& g_scores = scratch.g_alpha;
  attention_kernels::mix_backward(cache.alpha, false, cache.v, g_mixed, heads_, n, g_v, &g_scores);
  // Softmax backward, row by row: g_score = alpha * (g_alpha - <g_alpha, alpha>).
  const Index forward_rows = cache.alpha.rows();
  for (Index r = 0; r < g_scores.rows(); ++r) {
    const auto a = cache.alpha.row(r % forward_rows);
    const Real dot = g_scores.row(r).dot(a);
    g_scores.row(r) = (g_scores.row(r).array() - dot) * a.array();
  }
  RealVector grad[2] = {RealVector(table_.size()), RealVector(table_.size())};
  for (Index s = 0; s < batch; ++s) {
    for (int part = 0; part < 2; ++part) {
      grad[part].setZero();
      for (Index mu = 0; mu < heads_; ++mu)
        table_.accumulate(mu, g_scores.middleRows(((part * batch + s) * heads_ + mu) * n, n),
                          grad[part].data());
    }
    out.set(s, alpha_offset_, grad[0].data(), grad[1].data(), table_.size());
  }
  RealMatrix& g_q = scratch.g_q;
  RealMatrix& g_k = scratch.g_k;
  g_q.resize(g_out.rows(), g_out.cols());
  g_k.resize(g_out.rows(), g_out.cols());
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
  values_.write_jacobian(u, g_v, out);
  values_.backward_input(theta, g_v, g_u, false);
  queries_.backward_input(theta, g_q, g_u, true);
  keys_.backward_input(theta, g_k, g_u, true);
}

RealMatrix StandardAttention::maps(const RealVector& theta, const RealMatrix& u) const {
  AttentionCache cache;
  queries_.forward(theta, u, cache.q);
  keys_.forward(theta, u, cache.k);
  softmax_maps(theta, cache);
  const Index n = table_.tokens();
  // (B * h * n) x n row-major is (B * h) rows of n * n.
  return Eigen::Map<const RealMatrix>(cache.alpha.data(), cache.alpha.rows() / n, n * n);
}

}  // namespace vitvmc
