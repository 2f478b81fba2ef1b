#pragma once
/// \file gelu.hpp
/// GELU with the tanh approximation: gelu(x) = x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).

#include "vitvmc/types.hpp"

namespace vitvmc {

/// Scalar reference values (tests, documentation).
Real gelu(Real x);
Real gelu_derivative(Real x);

/// y = gelu(x) element-wise and, when `derivative` is not null, gelu'(x). Vectorised: tanh is
/// evaluated from exp(-2 |z|) by a polynomial, in cache-sized blocks (no temporaries). Instantiated
/// for double and float.
template <class S>
void gelu_forward(const MatrixOf<S>& x, MatrixOf<S>& y, MatrixOf<S>* derivative);
/// The same for x + b: `bias` (x.cols() values) is added to every row on the way in, so a layer
/// x W^T + b followed by GELU writes its output once (Dense::forward_without_bias).
template <class S>
void gelu_forward(const MatrixOf<S>& x, const S* bias, MatrixOf<S>& y, MatrixOf<S>* derivative);

/// In: g = adjoint of y (2B * rows rows); out: adjoint of x (derivative has B * rows rows).
void gelu_backward(const RealMatrix& derivative, RealMatrix& g);

}  // namespace vitvmc
