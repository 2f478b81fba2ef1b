// Layer-level checks: log cosh stability, GELU and its derivative, LayerNorm backward.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "vit_test_helpers.hpp"
#include "vitvmc/model/layers/gelu.hpp"
#include "vitvmc/model/layers/layer_norm.hpp"
#include "vitvmc/model/layers/output_head.hpp"

namespace vitvmc {
namespace {

TEST(LogCosh, MatchesDirectFormulaForModerateArguments) {
  for (const Complex u :
       {Complex(0.3, -1.2), Complex(-2.5, 0.7), Complex(4.0, 3.0), Complex(0, 0.4)}) {
    const Complex direct = std::log(std::cosh(u));
    EXPECT_LT(std::abs(std::exp(log_cosh(u)) - std::exp(direct)), 1e-13 * std::abs(std::cosh(u)));
  }
  EXPECT_EQ(log_cosh(Complex(0.0, 0.0)), Complex(0.0, 0.0));
}

TEST(LogCosh, StableForLargeRealPart) {
  // cosh(800) overflows a double; log cosh(u) = |Re u| +- i Im u - log 2 up to e^-1600.
  const Complex big = log_cosh(Complex(800.0, 0.3));
  EXPECT_NEAR(big.real(), 800.0 - std::log(2.0), 1e-12);
  EXPECT_NEAR(big.imag(), 0.3, 1e-15);
  const Complex negative = log_cosh(Complex(-800.0, 0.3));
  EXPECT_NEAR(negative.real(), 800.0 - std::log(2.0), 1e-12);
  EXPECT_NEAR(negative.imag(), -0.3, 1e-15);
}

TEST(Gelu, VectorisedMatchesScalarAndDerivativeMatchesFiniteDifference) {
  RealMatrix x(2, 7);
  x << -40.0, -6.0, -1.3, -1e-9, 0.0, 0.4, 2.2, 3.5, 7.0, 40.0, -0.05, 1e-3, -3.0, 0.9;
  RealMatrix y;
  RealMatrix derivative;
  gelu_forward(x, y, &derivative);
  for (Index k = 0; k < x.size(); ++k) {
    const Real xk = x.data()[k];
    EXPECT_NEAR(y.data()[k], gelu(xk), 4e-15 * std::max(1.0, std::abs(xk)));
    EXPECT_NEAR(derivative.data()[k], gelu_derivative(xk), 1e-14);
    const Real h = 1e-5;
    const Real fd = (gelu(xk + h) - gelu(xk - h)) / (2 * h);
    EXPECT_NEAR(gelu_derivative(xk), fd, 1e-8);
  }
  EXPECT_NEAR(gelu(1.0), 0.8411919906082768, 1e-15);  // 0.5 (1 + tanh(sqrt(2/pi) 1.044715))
}

TEST(LayerNorm, ForwardNormalisesAndBackwardMatchesFiniteDifferences) {
  // Scalar L = sum c . y with complex weights c: adjoints Re c and Im c as the two virtual samples.
  const Index batch = 2, rows = 3, width = 5;
  ParameterStore store;
  const LayerNorm ln(store, "ln", width);
  test::perturb(store, 0.5, 1);
  RealMatrix x = RealMatrix::Random(batch * rows, width);
  x.row(1) *= 1e-2;  // small variance: epsilon matters
  const ComplexMatrix c = ComplexMatrix::Random(batch * rows, width);
  const auto loss = [&](const RealMatrix& input) {
    RealMatrix y;
    LayerNormCache cache;
    ln.forward(store.values(), input, y, cache);
    RealVector out = RealVector::Zero(2 * batch);
    for (Index s = 0; s < batch; ++s)
      for (Index t = 0; t < rows; ++t) {
        const Index r = s * rows + t;
        out[s] += y.row(r).dot(c.row(r).real());
        out[batch + s] += y.row(r).dot(c.row(r).imag());
      }
    return out;
  };
  RealMatrix y;
  LayerNormCache cache;
  ln.forward(store.values(), x, y, cache);
  const RealMatrix normalised =
      (y.rowwise() - store.vector(store.slice("ln.beta")).transpose()).array().rowwise() /
      store.vector(store.slice("ln.gamma")).transpose().array();
  for (Index r = 0; r < x.rows(); ++r) {
    EXPECT_NEAR(normalised.row(r).mean(), 0.0, 1e-12);
    const Real var = x.row(r).array().square().mean() - std::pow(x.row(r).mean(), 2);
    EXPECT_NEAR(normalised.row(r).squaredNorm() / width, var / (var + 1e-6), 1e-10);
  }
  RealMatrix g(2 * batch * rows, width);
  g.topRows(batch * rows) = c.real();
  g.bottomRows(batch * rows) = c.imag();
  ComplexMatrix jacobian = ComplexMatrix::Zero(batch, store.size());
  JacobianWriter writer(jacobian, batch);
  ln.backward(store.values(), cache, g, writer);
  const Real h = 1e-6;
  for (Index r = 0; r < x.rows(); ++r)
    for (Index k = 0; k < width; ++k) {
      RealMatrix plus = x, minus = x;
      plus(r, k) += h;
      minus(r, k) -= h;
      const RealVector fd = (loss(plus) - loss(minus)) / (2 * h);
      const Index s = r / rows;
      EXPECT_NEAR(g(r, k), fd[s], 1e-6 * std::max(1.0, std::abs(fd[s])));
      EXPECT_NEAR(g(batch * rows + r, k), fd[batch + s], 1e-6 * std::max(1.0, std::abs(fd[s])));
    }
  for (Index p = 0; p < store.size(); ++p) {
    const Real saved = store.values()[p];
    store.values()[p] = saved + h;
    const RealVector up = loss(x);
    store.values()[p] = saved - h;
    const RealVector down = loss(x);
    store.values()[p] = saved;
    for (Index s = 0; s < batch; ++s) {
      const Complex fd((up[s] - down[s]) / (2 * h), (up[batch + s] - down[batch + s]) / (2 * h));
      EXPECT_LT(std::abs(fd - jacobian(s, p)), 1e-7 * std::max(1.0, std::abs(fd)));
    }
  }
}

}  // namespace
}  // namespace vitvmc
