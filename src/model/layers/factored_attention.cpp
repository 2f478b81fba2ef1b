#include "vitvmc/model/layers/factored_attention.hpp"

#include "vitvmc/model/layers/init.hpp"

namespace vitvmc {

FactoredAttention::FactoredAttention(ParameterStore& store, const std::string& prefix,
                                     const PatchMap& patches, Index d, Index heads, bool full,
                                     std::uint64_t seed)
    : heads_(heads), table_(patches, heads, full) {
  const Index n = patches.n_patches();
  std::vector<Index> shape = full ? std::vector<Index>{heads, n, n} : std::vector<Index>{heads, n};
  alpha_offset_ = add_xavier_uniform(store, prefix + ".alpha", shape, heads, n, seed);
  values_ = Dense(store, prefix + ".V", d, d, seed);
  output_ = Dense(store, prefix + ".W", d, d, seed);
}

void FactoredAttention::forward_residual(const RealVector& theta, const RealMatrix& u,
                                         RealMatrix& x, AttentionCache& cache) const {
  forward_impl(theta, u, x, cache);
}

void FactoredAttention::forward_residual(const VectorOf<float>& theta, const MatrixOf<float>& u,
                                         MatrixOf<float>& x, AttentionCacheOf<float>& cache) const {
  forward_impl(theta, u, x, cache);
}

template <class S>
void FactoredAttention::forward_impl(const VectorOf<S>& theta, const MatrixOf<S>& u, MatrixOf<S>& x,
                                     AttentionCacheOf<S>& cache) const {
  table_.expand(theta.data() + alpha_offset_, cache.alpha);
  values_.forward(theta, u, cache.v);
  attention_kernels::mix(cache.alpha, true, cache.v, heads_, table_.tokens(), cache.mixed,
                         cache.gathered, cache.product);
  output_.forward_accumulate(theta, cache.mixed, x);
}

void FactoredAttention::backward(const RealVector& theta, const RealMatrix& u,
                                 const AttentionCache& cache, const RealMatrix& g_out,
                                 RealMatrix& g_u, JacobianWriter& out,
                                 ReverseScratch& scratch) const {
  const Index n = table_.tokens();
  output_.write_jacobian(cache.mixed, g_out, out);
  RealMatrix& g_mixed = scratch.g_mixed;
  output_.backward_input(theta, g_out, g_mixed, false);
  RealMatrix& g_v = scratch.g_v;
  RealMatrix& g_alpha = scratch.g_alpha;
  attention_kernels::mix_backward(cache.alpha, true, cache.v, g_mixed, heads_, n, g_v, &g_alpha);
  const Index batch = out.batch();
  RealVector grad[2] = {RealVector(table_.size()), RealVector(table_.size())};
  for (Index s = 0; s < batch; ++s) {
    for (int part = 0; part < 2; ++part) {
      grad[part].setZero();
      for (Index mu = 0; mu < heads_; ++mu)
        table_.accumulate(mu, g_alpha.middleRows(((part * batch + s) * heads_ + mu) * n, n),
                          grad[part].data());
    }
    out.set(s, alpha_offset_, grad[0].data(), grad[1].data(), table_.size());
  }
  values_.write_jacobian(u, g_v, out);
  values_.backward_input(theta, g_v, g_u, false);
}

RealMatrix FactoredAttention::maps(const RealVector& theta, const RealMatrix& u) const {
  const Index n = table_.tokens();
  const Index batch = u.rows() / n;
  RealMatrix alpha;
  table_.expand(theta.data() + alpha_offset_, alpha);
  // (h * n) x n row-major is h rows of n * n: the same maps for every sample.
  const Eigen::Map<const RealMatrix> per_head(alpha.data(), heads_, n * n);
  RealMatrix result(batch * heads_, n * n);
  for (Index s = 0; s < batch; ++s) result.middleRows(s * heads_, heads_) = per_head;
  return result;
}

}  // namespace vitvmc
