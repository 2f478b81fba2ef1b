#pragma once
/// \file counting_wave_function.hpp
/// A model that counts the rows each run phase evaluates (the phase the ScopedTimer around the
/// call marks), forwarding every call to the model it wraps: the step benchmark's flop count. The
/// counts live outside, so they survive a stage switch that rebuilds the model.

#include <array>
#include <memory>
#include <string>

#include "vitvmc/model/wavefunction.hpp"
#include "vitvmc/util/phase.hpp"

namespace vitvmc::bench {

/// Rows evaluated per phase (index kCount: outside any phase); Jacobian rows apart.
struct ModelRows {
  std::array<double, static_cast<int>(Phase::kCount) + 1> forward{};
  std::array<double, static_cast<int>(Phase::kCount) + 1> jacobian{};
};

class CountingWaveFunction : public WaveFunction {
 public:
  CountingWaveFunction(std::unique_ptr<WaveFunction> inner, ModelRows& rows)
      : inner_(std::move(inner)), rows_(rows) {}

  Index n_sites() const override { return inner_->n_sites(); }
  const ParameterStore& parameters() const override { return inner_->parameters(); }
  ParameterStore& parameters() override { return inner_->parameters(); }
  std::string describe() const override { return inner_->describe(); }
  double forward_flops_per_sample() const override { return inner_->forward_flops_per_sample(); }

  ComplexVector log_psi(const ConfigBatch& configs) const override {
    rows_.forward[slot()] += static_cast<double>(configs.rows());
    return inner_->log_psi(configs);
  }
  void log_psi_and_jacobian(const ConfigBatch& configs, ComplexVector& log_psi,
                            ComplexMatrix& jacobian) const override {
    rows_.jacobian[slot()] += static_cast<double>(configs.rows());
    inner_->log_psi_and_jacobian(configs, log_psi, jacobian);
  }

 private:
  static std::size_t slot() { return static_cast<std::size_t>(active_phase()); }

  std::unique_ptr<WaveFunction> inner_;
  ModelRows& rows_;
};

}  // namespace vitvmc::bench
