#include "vitvmc/model/layers/gelu.hpp"

#include <bit>
#include <cmath>
#include <cstdint>

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

// Element-wise work cannot keep up with the AVX-512 BLAS in baseline SSE2 code: clone the loop for
// newer x86-64 levels, picked at load time (the binary still runs on any x86-64).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VITVMC_SIMD_CLONES \
  __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#else
#define VITVMC_SIMD_CLONES
#endif

/// y = gelu(x) (and gelu'(x)) with a = min(|z|, 20), z = sqrt(2/pi) (x + 0.044715 x^3):
/// tanh(z) = sign(x) (1 - e) / (1 + e) with e = exp(-2a), exact to rounding since tanh(20) = 1.
template <bool kDerivative>
VITVMC_SIMD_CLONES void gelu_loop(const Real* x, Real* y, Real* derivative, Index size) {
  for (Index k = 0; k < size; ++k) {
    const Real xk = x[k];
    const Real z = std::fabs(kSqrt2OverPi * (xk + kCubic * xk * xk * xk));
    // A ternary, not std::min: GCC vectorises this form in the AVX2 and AVX-512 clones.
    const Real a = z < 20.0 ? z : 20.0;
    const Real e = exp_negative(2.0 * a);
    const Real t = std::copysign((1.0 - e) / (1.0 + e), xk);
    y[k] = 0.5 * xk * (1.0 + t);
    if constexpr (kDerivative)
      derivative[k] = 0.5 * (1.0 + t) +
                      0.5 * kSqrt2OverPi * xk * (1.0 - t * t) * (1.0 + 3.0 * kCubic * xk * xk);
  }
}

}  // namespace

Real gelu(Real x) { return 0.5 * x * (1.0 + std::tanh(kSqrt2OverPi * (x + kCubic * x * x * x))); }

Real gelu_derivative(Real x) {
  const Real t = std::tanh(kSqrt2OverPi * (x + kCubic * x * x * x));
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * kSqrt2OverPi * (1.0 + 3.0 * kCubic * x * x);
}

void gelu_forward(const RealMatrix& x, RealMatrix& y, RealMatrix* derivative) {
  y.resize(x.rows(), x.cols());
  if (derivative == nullptr) {
    gelu_loop<false>(x.data(), y.data(), nullptr, x.size());
    return;
  }
  derivative->resize(x.rows(), x.cols());
  gelu_loop<true>(x.data(), y.data(), derivative->data(), x.size());
}

void gelu_backward(const RealMatrix& derivative, RealMatrix& g) {
  const Index rows = derivative.rows();
  g.topRows(rows).array() *= derivative.array();
  g.bottomRows(rows).array() *= derivative.array();
}

}  // namespace vitvmc
