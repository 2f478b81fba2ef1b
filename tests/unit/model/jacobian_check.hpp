#pragma once
// The finite-difference check of a wave function's Jacobian shared by the RBM and symmetrised-model
// tests (the ViT's fourth-order check of every entry is test_vit_gradients.cpp).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "vitvmc/model/wavefunction.hpp"

namespace vitvmc::test {

/// Central differences of every `stride`-th parameter of every slice against the analytic Jacobian,
/// relative to 1 + |J|; the imaginary part of a difference is taken modulo 2 pi (log psi is defined
/// up to 2 pi i).
inline void expect_jacobian_matches_fd(WaveFunction& model, const ConfigBatch& configs, Real tol,
                                       Index stride = 1) {
  ComplexVector lp;
  ComplexMatrix jac;
  model.log_psi_and_jacobian(configs, lp, jac);
  const Real h = 1e-5;
  RealVector& theta = model.parameters().values();
  for (const ParameterSlice& slice : model.parameters().slices()) {
    Real worst = 0.0;
    for (Index k = slice.offset; k < slice.offset + slice.size(); k += stride) {
      const Real saved = theta(k);
      theta(k) = saved + h;
      const ComplexVector plus = model.log_psi(configs);
      theta(k) = saved - h;
      const ComplexVector minus = model.log_psi(configs);
      theta(k) = saved;
      for (Index s = 0; s < configs.rows(); ++s) {
        Complex diff = plus(s) - minus(s);
        diff.imag(std::remainder(diff.imag(), 2.0 * std::numbers::pi));
        worst =
            std::max(worst, std::abs(diff / (2.0 * h) - jac(s, k)) / (1.0 + std::abs(jac(s, k))));
      }
    }
    EXPECT_LT(worst, tol) << "slice " << slice.name;
  }
}

}  // namespace vitvmc::test
