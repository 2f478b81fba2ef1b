#pragma once
/// \file encoder_block.hpp
/// Pre-LayerNorm Transformer encoder block on (B * n) x d tokens:
///   u = LN1(x); x <- x + W Attn(u) + w_b;  t = LN2(x); x <- x + F2 GELU(F1 t + c1) + c2.
/// Slices `prefix.ln1.*`, `prefix.attn.*`, `prefix.ln2.*`, `prefix.ffn.F1(_b)`,
/// `prefix.ffn.F2(_b)`.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/lattice/patch_map.hpp"
#include "vitvmc/model/layers/attention.hpp"
#include "vitvmc/model/layers/dense.hpp"
#include "vitvmc/model/layers/layer_norm.hpp"

namespace vitvmc {

template <class S>
struct EncoderCacheOf {
  LayerNormCacheOf<S> ln1;
  MatrixOf<S> u;  ///< LN1 output, the attention input
  AttentionCacheOf<S> attn;
  LayerNormCacheOf<S> ln2;
  MatrixOf<S> t;           ///< LN2 output, the F1 input
  MatrixOf<S> pre;         ///< F1 t + c1 (scratch)
  MatrixOf<S> hidden;      ///< GELU output, the F2 input
  MatrixOf<S> derivative;  ///< GELU'(F1 t + c1)
};
using EncoderCache = EncoderCacheOf<Real>;

class EncoderBlock {
 public:
  EncoderBlock(ParameterStore& store, const std::string& prefix, const PatchMap& patches,
               const ModelConfig& config, std::uint64_t seed);

  /// x <- block(x), in place; fills `cache` (the GELU derivative only when `for_backward`). In
  /// the scalar of theta: double, or float (forward only).
  template <class S>
  void forward(const VectorOf<S>& theta, MatrixOf<S>& x, EncoderCacheOf<S>& cache,
               bool for_backward) const;
  /// In: g = adjoint of the block output (2B * n rows); out: adjoint of its input.
  void backward(const RealVector& theta, const EncoderCache& cache, RealMatrix& g,
                JacobianWriter& out, ReverseScratch& scratch) const;
  /// Attention maps of this block for the input x (B * n rows): (B * h) x (n * n).
  RealMatrix attention_maps(const RealVector& theta, const RealMatrix& x) const;
  /// Their additive terms when the type has them (Attention::map_terms), else empty.
  std::vector<AttentionMapTerm> attention_map_terms(const RealVector& theta,
                                                    const RealMatrix& x) const;
  const Attention& attention() const { return *attention_; }

 private:
  /// u = LN1(x), the attention input.
  RealMatrix attention_input(const RealVector& theta, const RealMatrix& x) const;

  LayerNorm ln1_;
  std::unique_ptr<Attention> attention_;
  LayerNorm ln2_;
  Dense ffn1_;
  Dense ffn2_;
};

}  // namespace vitvmc
