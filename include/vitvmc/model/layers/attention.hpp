#pragma once
/// \file attention.hpp
/// Multi-head attention interface and the head-mixing kernels both variants share.
/// Attention maps alpha^mu_{I,J} act on the values v = V u + v_b split into h heads of width
/// d_h = d / h: Attn_I^mu = sum_J alpha^mu_{I,J} v_J^mu; the heads are concatenated and mixed by
/// the output projection W (slices `prefix.W`, `prefix.W_b`), so the layer returns W Attn(u) + w_b.

#include <memory>

#include "vitvmc/model/layers/jacobian_writer.hpp"
#include "vitvmc/model/parameter_store.hpp"

namespace vitvmc {

/// Forward activations the backward pass reuses (B * n rows unless noted), in the forward pass's
/// scalar (the float32 forward pass keeps no backward, only its own scratch).
template <class S>
struct AttentionCacheOf {
  MatrixOf<S> v;         ///< values
  MatrixOf<S> mixed;     ///< Attn(u), the input of W
  MatrixOf<S> q;         ///< standard only: queries
  MatrixOf<S> k;         ///< standard only: keys
  MatrixOf<S> alpha;     ///< standard: softmax maps, (B * h * n) x n; factored: (h * n) x n
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
  RealMatrix g_alpha;   ///< attention: adjoint of the maps (standard: of the scores)
  RealMatrix g_q;       ///< standard attention: adjoint of the queries
  RealMatrix g_k;       ///< standard attention: adjoint of the keys
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
  virtual Index n_params() const = 0;
};

namespace attention_kernels {

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
