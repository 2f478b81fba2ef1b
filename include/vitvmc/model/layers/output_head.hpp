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

template <class S>
struct HeadCacheOf {
  LayerNormCacheOf<S> ln_o;
  MatrixOf<S> z;  ///< LN_o output (B x d)
  LayerNormCacheOf<S> ln_r;
  LayerNormCacheOf<S> ln_m;
  ComplexMatrix u;  ///< r + i m (B x d), in double in both precisions
};
using HeadCache = HeadCacheOf<Real>;

class OutputHead {
 public:
  OutputHead(ParameterStore& store, Index d, std::uint64_t seed);

  /// log psi for tokens x ((B * tokens) x d), in the scalar of theta up to u = r + i m; the log
  /// cosh and its sum over the d outputs are in double in both precisions.
  template <class S>
  void forward(const VectorOf<S>& theta, const MatrixOf<S>& x, Index tokens, ComplexVector& log_psi,
               HeadCacheOf<S>& cache) const;
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
