#pragma once
/// \file layer_norm.hpp
/// LayerNorm over the features of every row: y = gamma * (x - mean) / sqrt(var + 1e-6) + beta,
/// biased variance. Slices `name.gamma` (1) and `name.beta` (0).

#include <string>

#include "vitvmc/model/layers/jacobian_writer.hpp"
#include "vitvmc/model/parameter_store.hpp"

namespace vitvmc {

/// What the backward pass needs: the normalised input and 1/sigma per row.
struct LayerNormCache {
  RealMatrix xhat;
  RealVector inv_sigma;
};

class LayerNorm {
 public:
  static constexpr Real kEpsilon = 1e-6;

  LayerNorm() = default;
  LayerNorm(ParameterStore& store, const std::string& name, Index width);

  Index width() const { return width_; }

  void forward(const RealVector& theta, const RealMatrix& x, RealMatrix& y,
               LayerNormCache& cache) const;
  /// In: g = adjoint of y (2B * rows rows); out: adjoint of x. Writes gamma and beta gradients.
  void backward(const RealVector& theta, const LayerNormCache& cache, RealMatrix& g,
                JacobianWriter& out) const;

 private:
  Index width_ = 0;
  Index gamma_offset_ = 0;
  Index beta_offset_ = 0;
};

}  // namespace vitvmc
