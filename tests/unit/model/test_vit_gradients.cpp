// Central finite differences of every parameter of the ViT against the reverse-mode Jacobian.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>

#include "vit_test_helpers.hpp"
#include "vitvmc/model/vit.hpp"

namespace vitvmc {
namespace {

ModelConfig small_config(AttentionKind attention, bool full_alpha) {
  ModelConfig config;
  config.attention = attention;
  config.full_alpha = full_alpha;
  config.d = 8;
  config.heads = 2;
  config.layers = 2;
  config.patch = 2;
  config.ffn = 2;
  config.seed = 99;
  return config;
}

/// Imaginary parts of log psi are defined modulo 2 pi; differences are wrapped to (-pi, pi].
Complex wrapped(Complex difference) {
  const Real two_pi = 2.0 * std::numbers::pi;
  return {difference.real(), difference.imag() - two_pi * std::round(difference.imag() / two_pi)};
}

/// Checks every O_sk against the fourth-order central stencil
/// (8 (f(h) - f(-h)) - (f(2h) - f(-2h))) / 12h, relative to max(|fd|, 1e-3).
void check_every_parameter(Index lx, Index ly, const ModelConfig& config) {
  const SquareLattice lattice(lx, ly);
  ViTWaveFunction psi(lattice, config);
  test::perturb(psi.parameters(), 0.2, 7);
  const ConfigBatch configs = test::random_configs(2, lattice.n_sites(), 11);
  ComplexVector log_psi;
  ComplexMatrix jacobian;
  psi.log_psi_and_jacobian(configs, log_psi, jacobian);
  ASSERT_EQ(jacobian.rows(), 2);
  ASSERT_EQ(jacobian.cols(), psi.n_params());
  const ComplexVector reference = psi.log_psi(configs);
  for (Index s = 0; s < 2; ++s) EXPECT_LT(std::abs(reference[s] - log_psi[s]), 1e-12);

  const Real h = 1e-4;
  RealVector& theta = psi.parameters().values();
  int failures = 0;
  for (const ParameterSlice& slice : psi.parameters().slices()) {
    Real worst = 0.0;
    for (Index k = slice.offset; k < slice.offset + slice.size(); ++k) {
      const Real saved = theta[k];
      const auto at = [&](Real step) {
        theta[k] = saved + step;
        return psi.log_psi(configs);
      };
      const ComplexVector p1 = at(h), m1 = at(-h), p2 = at(2 * h), m2 = at(-2 * h);
      theta[k] = saved;
      for (Index s = 0; s < 2; ++s) {
        const Complex fd = (8.0 * wrapped(p1[s] - m1[s]) - wrapped(p2[s] - m2[s])) / (12.0 * h);
        const Real scale = std::max(std::abs(fd), 1e-3);
        const Real error = std::abs(fd - jacobian(s, k)) / scale;
        worst = std::max(worst, error);
        if (error > 1e-6 && ++failures < 10)
          ADD_FAILURE() << slice.name << "[" << k - slice.offset << "] sample " << s << ": fd "
                        << fd << " vs " << jacobian(s, k);
      }
    }
    EXPECT_LT(worst, 1e-6) << slice.name;
  }
  EXPECT_EQ(failures, 0);
}

TEST(ViTGradients, Factored4x4) {
  check_every_parameter(4, 4, small_config(AttentionKind::factored, false));
}
TEST(ViTGradients, Factored6x4) {
  check_every_parameter(6, 4, small_config(AttentionKind::factored, false));
}
TEST(ViTGradients, FactoredFullAlpha4x4) {
  check_every_parameter(4, 4, small_config(AttentionKind::factored, true));
}
TEST(ViTGradients, FactoredFullAlpha6x4) {
  check_every_parameter(6, 4, small_config(AttentionKind::factored, true));
}
TEST(ViTGradients, Standard4x4) {
  check_every_parameter(4, 4, small_config(AttentionKind::standard, false));
}
TEST(ViTGradients, Standard6x4) {
  check_every_parameter(6, 4, small_config(AttentionKind::standard, false));
}

}  // namespace
}  // namespace vitvmc
