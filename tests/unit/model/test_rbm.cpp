#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <vector>

#include "jacobian_check.hpp"
#include "vitvmc/model/rbm.hpp"
#include "vitvmc/support/random_states.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

TEST(Rbm, ParameterLayout) {
  RbmWaveFunction rbm(16, 1.5, 1);
  EXPECT_EQ(rbm.n_hidden(), 24);
  EXPECT_EQ(rbm.n_params(), 2 * (16 + 24 + 24 * 16));
  for (const char* name : {"rbm.a.re", "rbm.a.im", "rbm.b.re", "rbm.b.im", "rbm.W.re", "rbm.W.im"})
    EXPECT_NO_THROW(rbm.parameters().slice(name)) << name;
  EXPECT_EQ(rbm.parameters().slice("rbm.W.im").shape, (std::vector<Index>{24, 16}));
  EXPECT_THROW(RbmWaveFunction(16, 0.0, 1), InvalidInput);
}

TEST(Rbm, InitialisationIsSmallAndSeeded) {
  RbmWaveFunction a(36, 2.0, 5), b(36, 2.0, 5), c(36, 2.0, 6);
  EXPECT_EQ(a.parameters().values(), b.parameters().values());
  EXPECT_NE(a.parameters().values(), c.parameters().values());
  const RealVector& v = a.parameters().values();
  const Real mean = v.mean();
  const Real std = std::sqrt((v.array() - mean).square().mean());
  EXPECT_NEAR(mean, 0.0, 0.001);
  EXPECT_NEAR(std, 0.01, 0.0005);  // P = 5400 draws
}

TEST(Rbm, LogPsiMatchesDirectFormula) {
  RbmWaveFunction rbm(8, 1.0, 2);
  test::randomize(rbm.parameters(), 0.5, 11);
  const ConfigBatch configs = test::random_configs(3, 8, 4);
  const ComplexVector lp = rbm.log_psi(configs);
  const ParameterStore& p = rbm.parameters();
  const auto w_re = p.matrix(p.slice("rbm.W.re")), w_im = p.matrix(p.slice("rbm.W.im"));
  const auto a_re = p.vector(p.slice("rbm.a.re")), a_im = p.vector(p.slice("rbm.a.im"));
  const auto b_re = p.vector(p.slice("rbm.b.re")), b_im = p.vector(p.slice("rbm.b.im"));
  for (Index s = 0; s < 3; ++s) {
    Complex expected = 0.0;
    for (Index i = 0; i < 8; ++i) expected += Complex(a_re(i), a_im(i)) * Real(configs(s, i));
    for (Index j = 0; j < 8; ++j) {
      Complex theta(b_re(j), b_im(j));
      for (Index i = 0; i < 8; ++i) theta += Complex(w_re(j, i), w_im(j, i)) * Real(configs(s, i));
      expected += std::log(std::cosh(theta));
    }
    EXPECT_NEAR(std::abs(std::exp(lp(s) - expected) - 1.0), 0.0, 1e-12);
  }
}

TEST(Rbm, LargeFieldsStayFinite) {
  RbmWaveFunction rbm(4, 0.25, 1);  // one hidden unit
  rbm.parameters().values().setZero();
  const ParameterSlice& w = rbm.parameters().slice("rbm.W.re");
  rbm.parameters().values()(w.offset) = 400.0;  // cosh(400) overflows a double
  ConfigBatch c(2, 4);
  c << 1, -1, 1, -1, -1, 1, -1, 1;
  const ComplexVector lp = rbm.log_psi(c);
  for (Index s = 0; s < 2; ++s) {
    EXPECT_NEAR(lp(s).real(), 400.0 - std::numbers::ln2, 1e-12);
    EXPECT_NEAR(lp(s).imag(), 0.0, 1e-12);
  }
}

TEST(Rbm, JacobianMatchesFiniteDifferences) {
  RbmWaveFunction rbm(16, 1.0, 3);
  test::randomize(rbm.parameters(), 0.3, 12);
  test::expect_jacobian_matches_fd(rbm, test::random_configs(3, 16, 5), 1e-7);
}

TEST(Rbm, BatchedEqualsOneAtATime) {
  RbmWaveFunction rbm(16, 2.0, 4);
  test::randomize(rbm.parameters(), 0.2, 13);
  const ConfigBatch configs = test::random_configs(9, 16, 6);
  ComplexVector lp;
  ComplexMatrix jac;
  rbm.log_psi_and_jacobian(configs, lp, jac);
  const ComplexVector lp_only = rbm.log_psi(configs);
  for (Index s = 0; s < configs.rows(); ++s) {
    ComplexVector lp1;
    ComplexMatrix jac1;
    rbm.log_psi_and_jacobian(ConfigBatch(configs.row(s)), lp1, jac1);
    EXPECT_NEAR(std::abs(lp1(0) - lp(s)), 0.0, 1e-12);
    EXPECT_NEAR(std::abs(lp_only(s) - lp(s)), 0.0, 1e-12);
    EXPECT_LT((jac1.row(0) - jac.row(s)).cwiseAbs().maxCoeff(), 1e-12);
  }
}

}  // namespace
}  // namespace vitvmc
