#pragma once
/// \file symmetrized.hpp
/// SymmetrizedWaveFunction: projects an inner model onto the fully symmetric sector of a
/// SymmetryGroup (all characters +1):
///   psi_sym(sigma) = (1/|G|) sum_g psi(g sigma),
/// evaluated as a stable complex log-sum-exp. The 1/|G| keeps log psi_sym on the scale of the inner
/// model; it is a constant and cancels in every ratio and centred derivative. The Jacobian is the
/// softmax-weighted mean of the inner rows, O_sym = sum_g w_g O(g sigma), w_g = psi(g sigma) /
/// sum_h psi(h sigma). All |G| images of a chunk of samples go through the inner model in one
/// batched call.

#include <memory>
#include <string>

#include "vitvmc/model/symmetry_group.hpp"
#include "vitvmc/model/wavefunction.hpp"

namespace vitvmc {

/// Memory bounds for the inner calls.
struct SymmetrizedLimits {
  Index max_inner_rows = 16384;           ///< rows (samples x |G|) per inner log_psi call
  Index jacobian_bytes = Index{1} << 28;  ///< bytes of inner Jacobian per inner call (>= |G| rows)
};

class SymmetrizedWaveFunction : public WaveFunction {
 public:
  /// Takes ownership of `inner`; its parameters are this model's parameters.
  SymmetrizedWaveFunction(std::unique_ptr<WaveFunction> inner, SymmetryGroup group,
                          SymmetrizedLimits limits = {});

  Index n_sites() const override { return inner_->n_sites(); }
  const ParameterStore& parameters() const override { return inner_->parameters(); }
  ParameterStore& parameters() override { return inner_->parameters(); }
  std::string describe() const override;
  /// |G| inner forward passes per sample.
  double forward_flops_per_sample() const override;

  const WaveFunction& inner() const { return *inner_; }
  const SymmetryGroup& group() const { return group_; }

  ComplexVector log_psi(const ConfigBatch& configs) const override;
  void log_psi_and_jacobian(const ConfigBatch& configs, ComplexVector& log_psi,
                            ComplexMatrix& jacobian) const override;

 private:
  /// The |G| images of samples [first, first + count): row s*|G| + g holds g sigma_{first+s}.
  ConfigBatch images(const ConfigBatch& configs, Index first, Index count) const;

  std::unique_ptr<WaveFunction> inner_;
  SymmetryGroup group_;
  SymmetrizedLimits limits_;
};

}  // namespace vitvmc
