#pragma once
/// \file rbm.hpp
/// RbmWaveFunction: the complex restricted Boltzmann machine of Carleo & Troyer (Science 2017),
///   log psi(sigma) = sum_i a_i sigma_i + sum_j log cosh(b_j + sum_i W_ji sigma_i),
/// with complex a (N), b (M), W (M x N), M = alpha * N hidden units. The complex parameters are
/// stored as real slices "rbm.{a,b,W}.{re,im}", so theta stays real like every other model.

#include <cstdint>
#include <string>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/model/wavefunction.hpp"

namespace vitvmc {

class RbmWaveFunction : public WaveFunction {
 public:
  /// Hidden units M = round(alpha * n_sites) (at least 1). Parameters ~ N(0, init_std^2) drawn with
  /// PhiloxStream(seed, 0): the same on every rank.
  RbmWaveFunction(Index n_sites, Real alpha, std::uint64_t seed, Real init_std = 0.01);

  Index n_sites() const override { return n_visible_; }
  Index n_hidden() const { return n_hidden_; }
  const ParameterStore& parameters() const override { return store_; }
  ParameterStore& parameters() override { return store_; }
  std::string describe() const override;
  /// Real flops of one forward pass per sample: the two real GEMMs sigma W_re^T, sigma W_im^T
  /// (2 * 2 N M) and sigma . a (2 * 2 N); log cosh is not counted.
  double forward_flops_per_sample() const override;

  ComplexVector log_psi(const ConfigBatch& configs) const override;
  void log_psi_and_jacobian(const ConfigBatch& configs, ComplexVector& log_psi,
                            ComplexMatrix& jacobian) const override;

 private:
  /// theta = sigma W^T + b (B x M) and the visible term sigma . a (B).
  void hidden_fields(const RealMatrix& sigma, ComplexMatrix& theta, ComplexVector& visible) const;

  Index n_visible_;
  Index n_hidden_;
  ParameterStore store_;
};

}  // namespace vitvmc
