#pragma once
/// \file toy_wavefunction.hpp
/// A tiny exactly-known model for sampler tests (independent of the ViT):
///   log psi(sigma) = sum_i h_i sigma_i + sum_{b in J1, J2 bonds} K_b sigma_a sigma_b
/// with fixed complex h_i, K_b. Parameters: [Re h, Im h, Re K, Im K].

#include <string>
#include <vector>

#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/model/wavefunction.hpp"
#include "vitvmc/util/rng.hpp"

namespace vitvmc::testing_support {

class ToyWaveFunction final : public WaveFunction {
 public:
  /// Fields and couplings drawn uniformly in [-scale, scale) (real and imaginary parts) from
  /// `seed`.
  ToyWaveFunction(const SquareLattice& lattice, Real scale, std::uint64_t seed)
      : n_(lattice.n_sites()) {
    bonds_ = lattice.j1_bonds();
    bonds_.insert(bonds_.end(), lattice.j2_bonds().begin(), lattice.j2_bonds().end());
    const auto nb = static_cast<Index>(bonds_.size());
    store_.add("h", {2, n_});
    store_.add("k", {2, nb});
    PhiloxStream rng(seed, 0);
    for (Index p = 0; p < store_.size(); ++p) store_.values()(p) = scale * (2 * rng.uniform() - 1);
  }

  Index n_sites() const override { return n_; }
  const ParameterStore& parameters() const override { return store_; }
  ParameterStore& parameters() override { return store_; }
  std::string describe() const override { return "toy pair-product model"; }

  ComplexVector log_psi(const ConfigBatch& configs) const override {
    ComplexVector out(configs.rows());
    for (Index r = 0; r < configs.rows(); ++r) out(r) = one(configs.row(r).data(), nullptr);
    return out;
  }

  void log_psi_and_jacobian(const ConfigBatch& configs, ComplexVector& log_psi,
                            ComplexMatrix& jacobian) const override {
    log_psi.resize(configs.rows());
    jacobian.setZero(configs.rows(), store_.size());
    for (Index r = 0; r < configs.rows(); ++r) {
      log_psi(r) = one(configs.row(r).data(), jacobian.row(r).data());
    }
  }

 private:
  /// log psi of one configuration; writes d log psi / d theta to `grad` (P entries) when given.
  Complex one(const Spin* s, Complex* grad) const {
    const auto nb = static_cast<Index>(bonds_.size());
    const RealVector& v = store_.values();
    Complex sum = 0;
    for (Index i = 0; i < n_; ++i) {
      sum += Complex(v(i), v(n_ + i)) * Real(s[i]);
      if (grad) {
        grad[i] = Real(s[i]);
        grad[n_ + i] = Complex(0, s[i]);
      }
    }
    for (Index b = 0; b < nb; ++b) {
      const Real ss =
          s[bonds_[static_cast<std::size_t>(b)].a] * s[bonds_[static_cast<std::size_t>(b)].b];
      sum += Complex(v(2 * n_ + b), v(2 * n_ + nb + b)) * ss;
      if (grad) {
        grad[2 * n_ + b] = ss;
        grad[2 * n_ + nb + b] = Complex(0, ss);
      }
    }
    return sum;
  }

  Index n_;
  std::vector<Bond> bonds_;
  ParameterStore store_;
};

}  // namespace vitvmc::testing_support
