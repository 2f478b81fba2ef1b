#include "vitvmc/model/layers/gelu.hpp"

#include <bit>
#include <cmath>
#include <cstdint>

#include "simd_clones.hpp"

namespace vitvmc {

namespace {

constexpr Real kSqrt2OverPi = 0.79788456080286535588;  // sqrt(2 / pi)
constexpr Real kCubic = 0.044715;

/// exp(-y) for y in [0, 64], written so that the compiler vectorises the calling loop with plain
/// SSE2 (std::exp and Eigen's packet exp run scalar there): y = n ln 2 + r, |r| <= ln 2 / 2,
/// degree-12 Taylor polynomial (relative error < 1e-15), 2^-n assembled in the exponent bits.
inline Real exp_negative(Real y) {
  constexpr Real kLog2e = 1.4426950408889634;
  constexpr Real kLn2Hi = 6.93147180369123816490e-01;
  constexpr Real kLn2Lo = 1.90821492927058770002e-10;
  constexpr Real kShifter = 0x1.8p52;  // adding it rounds to an integer held in the low bits
  const Real shifted = -y * kLog2e + kShifter;
  const Real n = shifted - kShifter;
  const Real r = (-y - n * kLn2Hi) - n * kLn2Lo;
  Real p = 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  const std::int64_t exponent =
      std::bit_cast<std::int64_t>(shifted) - std::bit_cast<std::int64_t>(kShifter) + 1023;
  return p * std::bit_cast<Real>(exponent << 52);
}

/// The float version: same reduction with the float shifter, degree-7 polynomial (relative error
/// < 1e-8, below float rounding), 2^-n in the 8 exponent bits. Vectorises 8 lanes with AVX2.
inline float exp_negative(float y) {
  constexpr float kLog2e = 1.44269504f;
  constexpr float kLn2Hi = 0.693359375f;  // Cephes' split: n * kLn2Hi is exact
  constexpr float kLn2Lo = -2.12194440e-4f;
  constexpr float kShifter = 0x1.8p23f;
  const float shifted = -y * kLog2e + kShifter;
  const float n = shifted - kShifter;
  const float r = (-y - n * kLn2Hi) - n * kLn2Lo;
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const std::int32_t exponent =
      std::bit_cast<std::int32_t>(shifted) - std::bit_cast<std::int32_t>(kShifter) + 127;
  return p * std::bit_cast<float>(exponent << 23);
}

/// y = gelu(x + b) (and gelu'(x + b)) for every row of x (rows x cols, row-major) with the bias
/// row b (kBias) or none, with a = min(|z|, 20), z = sqrt(2/pi) (x + 0.044715 x^3): tanh(z) =
/// sign(x) (1 - e) / (1 + e) with e = exp(-2a), exact to rounding since tanh(20) = 1. Written once
/// over the scalar (double, or float for --model.precision float32; tanh(20) is 1 in float too).
template <class S, bool kBias, bool kDerivative>
VITVMC_SIMD_CLONES void gelu_rows(const S* __restrict x, const S* __restrict bias, S* __restrict y,
                                  S* __restrict derivative, Index rows, Index cols) {
  constexpr S kC = static_cast<S>(kSqrt2OverPi);
  constexpr S kK = static_cast<S>(kCubic);
  constexpr S kHalf = S(0.5);
  constexpr S kOne = S(1);
  for (Index r = 0; r < rows; ++r) {
    const Index row = r * cols;
    for (Index k = 0; k < cols; ++k) {
      S xk = x[row + k];
      if constexpr (kBias) xk += bias[k];
      const S z = std::fabs(kC * (xk + kK * xk * xk * xk));
      // A ternary, not std::min: GCC vectorises this form in the AVX2 and AVX-512 clones.
      const S a = z < S(20) ? z : S(20);
      const S e = exp_negative(S(2) * a);
      const S t = std::copysign((kOne - e) / (kOne + e), xk);
      y[row + k] = kHalf * xk * (kOne + t);
      if constexpr (kDerivative)
        derivative[row + k] =
            kHalf * (kOne + t) + kHalf * kC * xk * (kOne - t * t) * (kOne + S(3) * kK * xk * xk);
    }
  }
}

template <class S, bool kBias>
void gelu_with(const MatrixOf<S>& x, const S* bias, MatrixOf<S>& y, MatrixOf<S>* derivative) {
  y.resize(x.rows(), x.cols());
  if (derivative == nullptr) {
    gelu_rows<S, kBias, false>(x.data(), bias, y.data(), nullptr, x.rows(), x.cols());
    return;
  }
  derivative->resize(x.rows(), x.cols());
  gelu_rows<S, kBias, true>(x.data(), bias, y.data(), derivative->data(), x.rows(), x.cols());
}

}  // namespace

Real gelu(Real x) { return 0.5 * x * (1.0 + std::tanh(kSqrt2OverPi * (x + kCubic * x * x * x))); }

Real gelu_derivative(Real x) {
  const Real t = std::tanh(kSqrt2OverPi * (x + kCubic * x * x * x));
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * kSqrt2OverPi * (1.0 + 3.0 * kCubic * x * x);
}

template <class S>
void gelu_forward(const MatrixOf<S>& x, MatrixOf<S>& y, MatrixOf<S>* derivative) {
  gelu_with<S, false>(x, nullptr, y, derivative);
}

template <class S>
void gelu_forward(const MatrixOf<S>& x, const S* bias, MatrixOf<S>& y, MatrixOf<S>* derivative) {
  gelu_with<S, true>(x, bias, y, derivative);
}

template void gelu_forward(const MatrixOf<double>&, MatrixOf<double>&, MatrixOf<double>*);
template void gelu_forward(const MatrixOf<float>&, MatrixOf<float>&, MatrixOf<float>*);
template void gelu_forward(const MatrixOf<double>&, const double*, MatrixOf<double>&,
                           MatrixOf<double>*);
template void gelu_forward(const MatrixOf<float>&, const float*, MatrixOf<float>&,
                           MatrixOf<float>*);

void gelu_backward(const RealMatrix& derivative, RealMatrix& g) {
  const Index rows = derivative.rows();
  g.topRows(rows).array() *= derivative.array();
  g.bottomRows(rows).array() *= derivative.array();
}

}  // namespace vitvmc
