#pragma once
/// \file factored_attention.hpp
/// Factored attention (no queries, no keys, no softmax): alpha^mu_{I,J} = a^mu[(J - I) mod grid],
/// one real per head per patch displacement (slice `prefix.alpha`, h x n), or with `full` a free
/// h x n x n alpha. Values V (`prefix.V`, `prefix.V_b`), output W (`prefix.W`, `prefix.W_b`).

#include <cstdint>
#include <string>

#include "vitvmc/model/layers/attention.hpp"
#include "vitvmc/model/layers/dense.hpp"
#include "vitvmc/model/layers/position_table.hpp"

namespace vitvmc {

class FactoredAttention : public Attention {
 public:
  FactoredAttention(ParameterStore& store, const std::string& prefix, const PatchMap& patches,
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
    return table_.size() + values_.n_params() + output_.n_params();
  }

 private:
  /// Both forward_residual overloads: written once over the scalar.
  template <class S>
  void forward_impl(const VectorOf<S>& theta, const MatrixOf<S>& u, MatrixOf<S>& x,
                    AttentionCacheOf<S>& cache) const;
  Index heads_;
  PositionTable table_;
  Index alpha_offset_;
  Dense values_;
  Dense output_;
};

}  // namespace vitvmc
