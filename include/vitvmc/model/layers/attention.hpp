#pragma once
/// \file attention.hpp
/// Multi-head attention interface and the head-mixing kernels every type shares.
/// Attention maps alpha^mu_{I,J} act on the values v = V u + v_b split into h heads of width
/// d_h = d / h: Attn_I^mu = sum_J alpha^mu_{I,J} v_J^mu; the heads are concatenated and mixed by
/// the output projection W (slices `prefix.W`, `prefix.W_b`), so the layer returns W Attn(u) + w_b.
/// The types (factored, standard, decoupled) are listed in config/kinds.hpp and built by
/// attention_registry.hpp; the skeleton they share is attention_layer.hpp.

#include <memory>
#include <string>
#include <vector>

#include "vitvmc/model/layers/jacobian_writer.hpp"
#include "vitvmc/model/parameter_store.hpp"

namespace vitvmc {

/// Forward activations the backward pass reuses (B * n rows unless noted), in the forward pass's
/// scalar (the float32 forward pass keeps no backward, only its own scratch).
template <class S>
struct AttentionCacheOf {
  MatrixOf<S> v;         ///< values
  MatrixOf<S> mixed;     ///< Attn(u), the input of W
  MatrixOf<S> q;         ///< softmax types: queries
  MatrixOf<S> k;         ///< softmax types: keys
  MatrixOf<S> alpha;     ///< the maps: (B * h * n) x n per sample, or (h * n) x n when shared
  MatrixOf<S> term;      ///< a part of alpha a type's backward needs (decoupled: the softmax)
  MatrixOf<S> gathered;  ///< scratch of the shared mix: one head as n x (B * d_h)
  MatrixOf<S> product;   ///< scratch of the shared mix: alpha^mu times `gathered`
};
using AttentionCache = AttentionCacheOf<Real>;

/// Reverse-pass temporaries, shared by all layers of a model and reused across calls (fresh
/// matrices of this size cost page faults and zero-fills on every call).
struct ReverseScratch {
  RealMatrix g_hidden;  ///< encoder: adjoint of the FFN hidden layer
  RealMatrix g_branch;  ///< encoder: adjoint of a residual branch's input
  RealMatrix g_mixed;   ///< attention: adjoint of Attn(u)
  RealMatrix g_v;       ///< attention: adjoint of the values
  RealMatrix g_alpha;   ///< attention: adjoint of the maps (then of the softmax scores)
  RealMatrix g_q;       ///< softmax types: adjoint of the queries
  RealMatrix g_k;       ///< softmax types: adjoint of the keys
};

/// What one attention layer costs, for the FLOP count and the memory plan (--plan), in reals.
struct AttentionCost {
  double multiply_adds = 0;     ///< per sample, forward pass: the projections and map products
  double cache_per_row = 0;     ///< cached per token row besides v and Attn(u) (queries, keys)
  double cache_per_sample = 0;  ///< cached per sample: per-sample maps
  double cache_shared = 0;      ///< cached once per layer for every sample: a shared map set
  double reverse_per_row = 0;   ///< reverse-pass scratch per virtual-sample token row besides the
                                ///< adjoints of Attn(u) and v (those of the queries and keys)
};

/// The cost of two parts of a layer together.
inline AttentionCost operator+(AttentionCost a, const AttentionCost& b) {
  a.multiply_adds += b.multiply_adds;
  a.cache_per_row += b.cache_per_row;
  a.cache_per_sample += b.cache_per_sample;
  a.cache_shared += b.cache_shared;
  a.reverse_per_row += b.reverse_per_row;
  return a;
}

/// One additive term of maps that are a sum (decoupled attention: the softmax and the position
/// table), in the layout of Attention::maps.
struct AttentionMapTerm {
  std::string name;
  RealMatrix maps;
};

class Attention {
 public:
  virtual ~Attention() = default;

  /// Residual update x += W Attn(u) + w_b for (B * n) x d input u (the output projection
  /// accumulates straight into x).
  virtual void forward_residual(const RealVector& theta, const RealMatrix& u, RealMatrix& x,
                                AttentionCache& cache) const = 0;
  /// The same in float32 (theta is the model's float copy); no backward follows it.
  virtual void forward_residual(const VectorOf<float>& theta, const MatrixOf<float>& u,
                                MatrixOf<float>& x, AttentionCacheOf<float>& cache) const = 0;
  /// g_out (2B * n rows) -> g_u; writes the gradients of every attention parameter. Uses the
  /// attention fields of `scratch`.
  virtual void backward(const RealVector& theta, const RealMatrix& u, const AttentionCache& cache,
                        const RealMatrix& g_out, RealMatrix& g_u, JacobianWriter& out,
                        ReverseScratch& scratch) const = 0;
  /// alpha^mu_{I,J} for every sample: (B * h) x (n * n), row s * h + mu, column I * n + J.
  virtual RealMatrix maps(const RealVector& theta, const RealMatrix& u) const = 0;
  /// The additive terms of the maps when they are a sum of separately meaningful parts (they add
  /// up to maps()); empty when the maps are one term.
  virtual std::vector<AttentionMapTerm> map_terms(const RealVector& /*theta*/,
                                                  const RealMatrix& /*u*/) const {
    return {};
  }
  virtual Index n_params() const = 0;

  // What the rest of the program needs to know about the type.
  /// The maps depend on the configuration (a softmax of q.k): spread D > 0 in vmc_measure, and
  /// --attention.freeze has something to freeze. Otherwise one map set serves every sample.
  virtual bool input_dependent_maps() const = 0;
  /// The position table a^mu is added to the attention weights (so --init.new_displacements wrap,
  /// which conserves each head's total weight, applies), rather than a logit inside a softmax.
  virtual bool table_is_weight() const = 0;
  /// The names of map_terms, in its order; empty when the maps are one term.
  virtual std::vector<std::string> map_term_names() const { return {}; }
  /// FLOPs and cache memory of this layer.
  virtual AttentionCost cost() const = 0;
};

namespace attention_kernels {

template <class S>
using HeadView = Eigen::Map<MatrixOf<S>, 0, Eigen::OuterStride<>>;
template <class S>
using ConstHeadView = Eigen::Map<const MatrixOf<S>, 0, Eigen::OuterStride<>>;

/// Columns of head mu of sample s in a (samples * n) x d token matrix: an n x d_h view.
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

/// mixed_s^mu = alpha_{s,mu} v_s^mu. alpha is (h * n) x n when `shared`, else (B * h * n) x n.
void mix(const RealMatrix& alpha, bool shared, const RealMatrix& v, Index heads, Index tokens,
         RealMatrix& mixed);
/// Same, with caller-owned scratch for the shared case (reused across calls); double or float.
template <class S>
void mix(const MatrixOf<S>& alpha, bool shared, const MatrixOf<S>& v, Index heads, Index tokens,
         MatrixOf<S>& mixed, MatrixOf<S>& gathered, MatrixOf<S>& product);

/// Backward of mix for the 2B virtual samples: g_v = alpha^T g_mixed, and, per virtual sample and
/// head, g_alpha = g_mixed v^T ((2B * h * n) x n, written only when not null).
void mix_backward(const RealMatrix& alpha, bool shared, const RealMatrix& v,
                  const RealMatrix& g_mixed, Index heads, Index tokens, RealMatrix& g_v,
                  RealMatrix* g_alpha);

}  // namespace attention_kernels
}  // namespace vitvmc
