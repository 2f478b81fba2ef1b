#pragma once
/// \file query_key_scores.hpp
/// The input-dependent part shared by the softmax attention types (standard, decoupled): queries
/// q = Q u + q_b (`prefix.Q`, `prefix.Q_b`), keys k = K u + k_b (`prefix.K`, `prefix.K_b`), and
/// per sample and head the row softmax of q_I^mu . k_J^mu / sqrt(d_h) (plus an optional n x n bias
/// per head), with the backward of each step.

#include "vitvmc/model/layers/attention.hpp"
#include "vitvmc/model/layers/attention_registry.hpp"
#include "vitvmc/model/layers/dense.hpp"

namespace vitvmc {

class QueryKeyScores {
 public:
  QueryKeyScores() = default;
  /// Adds Q and K (`args.prefix.Q`, `.K`: d x d each, Xavier-uniform, zero biases).
  explicit QueryKeyScores(const AttentionArgs& args);

  /// cache.q and cache.k from u (double or float).
  template <class S>
  void project(const VectorOf<S>& theta, const MatrixOf<S>& u, AttentionCacheOf<S>& cache) const;
  /// Row (s h + mu) n + I of `maps`: softmax_J(q_I^mu . k_J^mu / sqrt(d_h) + bias(mu n + I, J))
  /// of sample s, from cache.q and cache.k; bias is (h n) x n, or null for none.
  template <class S>
  void softmax(const AttentionCacheOf<S>& cache, const MatrixOf<S>* bias, MatrixOf<S>& maps) const;
  /// In place, row by row over the 2B virtual samples: g, the adjoint of the softmax output p
  /// (`maps`, B h n rows), becomes that of its argument, p * (g - <g, p>).
  static void softmax_backward(const RealMatrix& maps, RealMatrix& g);
  /// Their cost: the Q and K projections and q k^T; q, k and the softmax maps of every sample
  /// cached, the adjoints of q and k in the reverse pass.
  static AttentionCost cost(Index n, Index d, Index heads);
  /// From g_scores, the adjoint of the softmax argument ((2B h n) x n): the Q and K gradients into
  /// O, and g_u += the adjoint of u through q and k. Uses scratch.g_q and scratch.g_k.
  void backward(const RealVector& theta, const RealMatrix& u, const AttentionCache& cache,
                const RealMatrix& g_scores, RealMatrix& g_u, JacobianWriter& out,
                ReverseScratch& scratch) const;

 private:
  Index tokens_ = 0;
  Index heads_ = 0;
  Dense queries_;
  Dense keys_;
};

}  // namespace vitvmc
