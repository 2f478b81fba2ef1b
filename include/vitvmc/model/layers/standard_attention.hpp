#pragma once
/// \file standard_attention.hpp
/// Standard attention with a relative-position bias (as in T5):
/// alpha^mu_{I,J} = softmax_J(q_I^mu . k_J^mu / sqrt(d_h) + a^mu[(J - I) mod grid]),
/// q = Q u + q_b (`prefix.Q`, `prefix.Q_b`), k = K u + k_b (`prefix.K`, `prefix.K_b`), bias table
/// `prefix.alpha` (h x n, or h x n x n with `full`), values V and output W as in factored
/// attention.

#include <cstdint>
#include <string>

#include "vitvmc/model/layers/attention.hpp"
#include "vitvmc/model/layers/dense.hpp"
#include "vitvmc/model/layers/position_table.hpp"

namespace vitvmc {

class StandardAttention : public Attention {
 public:
  StandardAttention(ParameterStore& store, const std::string& prefix, const PatchMap& patches,
                    Index d, Index heads, bool full, std::uint64_t seed);

  void forward_residual(const RealVector& theta, const RealMatrix& u, RealMatrix& x,
                        AttentionCache& cache) const override;
  void forward_residual(const VectorOf<float>& theta, const MatrixOf<float>& u, MatrixOf<float>& x,
                        AttentionCacheOf<float>& cache) const override;
  void backward(const RealVector& theta, const RealMatrix& u, const AttentionCache& cache,
                const RealMatrix& g_out, RealMatrix& g_u, JacobianWriter& out,
                ReverseScratch& scratch) const override;
  RealMatrix maps(const RealVector& theta, const RealMatrix& u) const override;
  Index n_params() const override {
    return table_.size() + queries_.n_params() + keys_.n_params() + values_.n_params() +
           output_.n_params();
  }

 private:
  /// Both forward_residual overloads: written once over the scalar.
  template <class S>
  void forward_impl(const VectorOf<S>& theta, const MatrixOf<S>& u, MatrixOf<S>& x,
                    AttentionCacheOf<S>& cache) const;
  /// Softmax maps for every sample and head into cache.alpha from cache.q, cache.k.
  template <class S>
  void softmax_maps(const VectorOf<S>& theta, AttentionCacheOf<S>& cache) const;

  Index heads_;
  PositionTable table_;
  Index alpha_offset_;
  Dense queries_;
  Dense keys_;
  Dense values_;
  Dense output_;
};

}  // namespace vitvmc
