#pragma once
/// \file layer_norm.hpp
/// LayerNorm over the features of every row: y = gamma * (x - mean) / sqrt(var + 1e-6) + beta,
/// biased variance. Slices `name.gamma` (1) and `name.beta` (0).

#include <string>

#include "vitvmc/model/layers/jacobian_writer.hpp"
#include "vitvmc/model/parameter_store.hpp"

namespace vitvmc {

/// What the backward pass needs: the normalised input and 1/sigma per row.
template <class S>
struct LayerNormCacheOf {
  MatrixOf<S> xhat;
  VectorOf<S> inv_sigma;
};
using LayerNormCache = LayerNormCacheOf<Real>;

class LayerNorm {
 public:
  static constexpr Real kEpsilon = 1e-6;

  LayerNorm() = default;
  LayerNorm(ParameterStore& store, const std::string& name, Index width);

  Index width() const { return width_; }

  /// In the scalar of theta (double or float; instantiated for both).
  template <class S>
  void forward(const VectorOf<S>& theta, const MatrixOf<S>& x, MatrixOf<S>& y,
               LayerNormCacheOf<S>& cache) const;
  /// In: g = adjoint of y (2B * rows rows); out: adjoint of x. Writes gamma and beta gradients.
  void backward(const RealVector& theta, const LayerNormCache& cache, RealMatrix& g,
                JacobianWriter& out) const;

 private:
  Index width_ = 0;
  Index gamma_offset_ = 0;
  Index beta_offset_ = 0;
};

}  // namespace vitvmc
