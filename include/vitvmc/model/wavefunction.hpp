#pragma once
/// \file wavefunction.hpp
/// The model concept the sampler, estimators and optimiser use: a batched log-amplitude over one
/// contiguous real parameter vector, and its exact per-sample log-derivatives.

#include <string>

#include "vitvmc/model/parameter_store.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

class WaveFunction {
 public:
  virtual ~WaveFunction() = default;

  virtual Index n_sites() const = 0;
  /// Number of real parameters P.
  Index n_params() const { return parameters().size(); }
  /// theta and its named slices (the names checkpoints use).
  virtual const ParameterStore& parameters() const = 0;
  virtual ParameterStore& parameters() = 0;
  /// One line describing the architecture, for logs.
  virtual std::string describe() const = 0;

  /// Real flops of one forward pass per sample (2 per multiply-add), for benchmarks and the
  /// resource plan; 0 when a model does not count them.
  virtual double forward_flops_per_sample() const { return 0.0; }

  /// log psi(sigma) for every row of `configs` (B x N, entries +-1).
  virtual ComplexVector log_psi(const ConfigBatch& configs) const = 0;

  /// log psi and the Jacobian O (B x P, row-major): O_sk = d log psi(sigma_s) / d theta_k.
  virtual void log_psi_and_jacobian(const ConfigBatch& configs, ComplexVector& log_psi,
                                    ComplexMatrix& jacobian) const = 0;
};

}  // namespace vitvmc
