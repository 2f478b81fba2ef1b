#include "vitvmc/model/layers/encoder_block.hpp"

#include "vitvmc/model/layers/attention_registry.hpp"
#include "vitvmc/model/layers/gelu.hpp"

namespace vitvmc {

EncoderBlock::EncoderBlock(ParameterStore& store, const std::string& prefix,
                           const PatchMap& patches, const ModelConfig& config, std::uint64_t seed) {
  const Index d = config.d;
  const Index f = config.ffn * d;
  ln1_ = LayerNorm(store, prefix + ".ln1", d);
  attention_ = make_attention(config.attention, {store, prefix + ".attn", patches, d, config.heads,
                                                 config.full_alpha, seed});
  ln2_ = LayerNorm(store, prefix + ".ln2", d);
  ffn1_ = Dense(store, prefix + ".ffn.F1", d, f, seed);
  ffn2_ = Dense(store, prefix + ".ffn.F2", f, d, seed);
}

template <class S>
void EncoderBlock::forward(const VectorOf<S>& theta, MatrixOf<S>& x, EncoderCacheOf<S>& cache,
                           bool for_backward) const {
  // Both residual branches accumulate into x through the GEMMs' beta = 1: no temporaries.
  ln1_.forward(theta, x, cache.u, cache.ln1);
  attention_->forward_residual(theta, cache.u, x, cache.attn);
  ln2_.forward(theta, x, cache.t, cache.ln2);
  ffn1_.forward_without_bias(theta, cache.t, cache.pre);  // GELU adds the bias on its pass
  gelu_forward(cache.pre, ffn1_.bias_data(theta), cache.hidden,
               for_backward ? &cache.derivative : nullptr);
  ffn2_.forward_accumulate(theta, cache.hidden, x);
}

template void EncoderBlock::forward(const VectorOf<double>&, MatrixOf<double>&,
                                    EncoderCacheOf<double>&, bool) const;
template void EncoderBlock::forward(const VectorOf<float>&, MatrixOf<float>&,
                                    EncoderCacheOf<float>&, bool) const;

void EncoderBlock::backward(const RealVector& theta, const EncoderCache& cache, RealMatrix& g,
                            JacobianWriter& out, ReverseScratch& scratch) const {
  // Feed-forward branch: x2 = x1 + F2 GELU(F1 LN2(x1) + c1) + c2.
  ffn2_.write_jacobian(cache.hidden, g, out);
  RealMatrix& g_hidden = scratch.g_hidden;
  ffn2_.backward_input(theta, g, g_hidden, false);
  gelu_backward(cache.derivative, g_hidden);
  ffn1_.write_jacobian(cache.t, g_hidden, out);
  RealMatrix& g_branch = scratch.g_branch;
  ffn1_.backward_input(theta, g_hidden, g_branch, false);
  ln2_.backward(theta, cache.ln2, g_branch, out);
  g += g_branch;
  // Attention branch: x1 = x0 + W Attn(LN1(x0)) + w_b.
  attention_->backward(theta, cache.u, cache.attn, g, g_branch, out, scratch);
  ln1_.backward(theta, cache.ln1, g_branch, out);
  g += g_branch;
}

RealMatrix EncoderBlock::attention_maps(const RealVector& theta, const RealMatrix& x) const {
  return attention_->maps(theta, attention_input(theta, x));
}

std::vector<AttentionMapTerm> EncoderBlock::attention_map_terms(const RealVector& theta,
                                                                const RealMatrix& x) const {
  return attention_->map_terms(theta, attention_input(theta, x));
}

RealMatrix EncoderBlock::attention_input(const RealVector& theta, const RealMatrix& x) const {
  LayerNormCache ln;
  RealMatrix u;
  ln1_.forward(theta, x, u, ln);
  return u;
}

}  // namespace vitvmc
