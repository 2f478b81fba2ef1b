#include "vitvmc/model/layers/gelu.hpp"

#include <cmath>

namespace vitvmc {

namespace {
constexpr Real kSqrt2OverPi = 0.79788456080286535588;  // sqrt(2 / pi)
constexpr Real kCubic = 0.044715;
}  // namespace

Real gelu(Real x) { return 0.5 * x * (1.0 + std::tanh(kSqrt2OverPi * (x + kCubic * x * x * x))); }

Real gelu_derivative(Real x) {
  const Real t = std::tanh(kSqrt2OverPi * (x + kCubic * x * x * x));
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * kSqrt2OverPi * (1.0 + 3.0 * kCubic * x * x);
}

void gelu_forward(const RealMatrix& x, RealMatrix& y, RealMatrix* derivative) {
  // tanh(z) = 1 - 2 / (1 + exp(2z)): Eigen vectorises exp for double but not tanh. exp overflows to
  // inf for large z, which gives exactly 1; exp -> 0 gives exactly -1.
  const auto xa = x.array();
  RealMatrix t = (2.0 * kSqrt2OverPi * (xa + kCubic * xa.cube())).exp();
  t.array() = 1.0 - 2.0 / (1.0 + t.array());
  y.resize(x.rows(), x.cols());
  y.array() = 0.5 * xa * (1.0 + t.array());
  if (derivative != nullptr) {
    derivative->resize(x.rows(), x.cols());
    derivative->array() = 0.5 * (1.0 + t.array()) + 0.5 * kSqrt2OverPi * xa *
                                                        (1.0 - t.array().square()) *
                                                        (1.0 + 3.0 * kCubic * xa.square());
  }
}

void gelu_backward(const RealMatrix& derivative, RealMatrix& g) {
  const Index rows = derivative.rows();
  g.topRows(rows).array() *= derivative.array();
  g.bottomRows(rows).array() *= derivative.array();
}

}  // namespace vitvmc
