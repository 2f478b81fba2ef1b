#pragma once
/// \file output_head.hpp
/// Pooling and complex output: s = sum_I x_I; z = LN_o(s); r = LN_r(R z + r_b); m = LN_m(M z +
/// m_b); log psi = sum_a log cosh(r_a + i m_a). Slices `head.ln_o.*`, `head.R(_b)`, `head.ln_r.*`,
/// `head.M(_b)`, `head.ln_m.*`.

#include <cstdint>

#include "vitvmc/model/layers/dense.hpp"
#include "vitvmc/model/layers/layer_norm.hpp"

namespace vitvmc {

/// Stable complex log cosh: with s = sign(Re u), log cosh u = s u + log(1 + exp(-2 s u)) - log 2.
Complex log_cosh(Complex u);

struct HeadCache {
  LayerNormCache ln_o;
  RealMatrix z;  ///< LN_o output (B x d)
  LayerNormCache ln_r;
  LayerNormCache ln_m;
  ComplexMatrix u;  ///< r + i m (B x d)
};

class OutputHead {
 public:
  OutputHead(ParameterStore& store, Index d, std::uint64_t seed);

  /// log psi for tokens x ((B * tokens) x d).
  void forward(const RealVector& theta, const RealMatrix& x, Index tokens, ComplexVector& log_psi,
               HeadCache& cache) const;
  /// Starts the reverse pass: writes the head's gradients and returns in g the adjoint of every
  /// token (2B * tokens rows).
  void backward(const RealVector& theta, const HeadCache& cache, Index tokens, RealMatrix& g,
                JacobianWriter& out) const;

 private:
  LayerNorm ln_o_;
  Dense r_;
  LayerNorm ln_r_;
  Dense m_;
  LayerNorm ln_m_;
};

}  // namespace vitvmc
