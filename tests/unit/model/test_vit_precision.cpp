// --model.precision float32: the forward pass in float against the float64 one on the same theta.
// Bounds (measured values in docs/benchmarks.md, "Single precision"): per-sample |delta log psi|
// below 1e-4 + 1e-5 |log psi| on the models below, an exact-mode 4x4 energy within 1e-6 relative,
// and the Jacobian identical (it stays double).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>

#include "vit_test_helpers.hpp"
#include "vitvmc/estimator/sector_local_energy.hpp"
#include "vitvmc/hamiltonian/j1j2.hpp"
#include "vitvmc/model/vit.hpp"
#include "vitvmc/sampler/exact_enumeration.hpp"

namespace vitvmc {
namespace {

ModelConfig config_of(AttentionKind attention, Index d, Index heads, Index layers,
                      Precision precision) {
  ModelConfig config;
  config.attention = attention;
  config.d = d;
  config.heads = heads;
  config.layers = layers;
  config.patch = 2;
  config.precision = precision;
  return config;
}

/// The float64 and float32 models of one architecture, with the same perturbed theta.
struct Pair {
  Pair(const SquareLattice& lattice, AttentionKind attention, Index d, Index heads, Index layers)
      : f64(lattice, config_of(attention, d, heads, layers, Precision::float64)),
        f32(lattice, config_of(attention, d, heads, layers, Precision::float32)) {
    test::perturb(f64.parameters(), 0.2, 17);
    f32.parameters().values() = f64.parameters().values();
  }
  ViTWaveFunction f64;
  ViTWaveFunction f32;
};

/// max_s |delta log psi_s| / (1e-4 + 1e-5 |log psi_s|): below 1 passes the stated bound.
Real worst_bound_ratio(const ComplexVector& a, const ComplexVector& b) {
  Real worst = 0;
  for (Index s = 0; s < a.size(); ++s)
    worst = std::max(worst, std::abs(a(s) - b(s)) / (1e-4 + 1e-5 * std::abs(a(s))));
  return worst;
}

TEST(ViTPrecision, LogPsiPerSampleWithinTheBound) {
  for (const AttentionKind attention : {AttentionKind::factored, AttentionKind::standard}) {
    for (const Index side : {4, 8}) {
      const SquareLattice lattice(side, side);
      const Pair pair(lattice, attention, 32, 4, 3);
      const ConfigBatch configs = test::random_configs(200, lattice.n_sites(), 5);
      const ComplexVector a = pair.f64.log_psi(configs);
      const ComplexVector b = pair.f32.log_psi(configs);
      EXPECT_LT(worst_bound_ratio(a, b), 1.0) << attention << " " << side;
      std::cout << "[measured] " << attention << " " << side << "x" << side
                << ": max |delta log psi| " << (a - b).cwiseAbs().maxCoeff() << ", max |log psi| "
                << a.cwiseAbs().maxCoeff() << "\n";
      // The float path really runs in float: double would agree to ~1e-14.
      EXPECT_GT((a - b).cwiseAbs().maxCoeff(), 1e-9) << attention << " " << side;
    }
  }
}

TEST(ViTPrecision, FloatThetaFollowsEveryUpdate) {
  const SquareLattice lattice(4, 4);
  Pair pair(lattice, AttentionKind::factored, 16, 2, 2);
  const ConfigBatch configs = test::random_configs(16, lattice.n_sites(), 6);
  const ComplexVector before = pair.f32.log_psi(configs);
  // An SR-like update through the store, as the driver applies it.
  pair.f64.parameters().values() *= 1.1;
  pair.f32.parameters().values() *= 1.1;
  const ComplexVector after = pair.f32.log_psi(configs);
  EXPECT_GT((after - before).cwiseAbs().maxCoeff(), 1e-3);
  EXPECT_LT(worst_bound_ratio(pair.f64.log_psi(configs), after), 1.0);
}

TEST(ViTPrecision, JacobianStaysDouble) {
  const SquareLattice lattice(4, 4);
  const Pair pair(lattice, AttentionKind::standard, 16, 2, 2);
  const ConfigBatch configs = test::random_configs(8, lattice.n_sites(), 7);
  ComplexVector lp64, lp32;
  ComplexMatrix o64, o32;
  pair.f64.log_psi_and_jacobian(configs, lp64, o64);
  pair.f32.log_psi_and_jacobian(configs, lp32, o32);
  EXPECT_EQ(lp64, lp32);
  EXPECT_EQ(o64, o32);
}

/// <H> of the model by exact summation over the 4x4 S^z = 0 sector (the driver's exact mode).
Real exact_energy(const WaveFunction& psi, const HeisenbergModel& h, const ExactEnumeration& e) {
  SampleBatch all = e.exact_samples(psi, 0, e.size());
  normalise_weights(all, combine_log_weight_sums({local_log_weight_sum(all)}));
  const ComplexVector e_loc =
      sector_local_energies(h, e.basis(), e.orbits(), all.log_psi, 0, e.size());
  return (all.weights.array() * e_loc.real().array()).sum();
}

TEST(ViTPrecision, ExactEnergy4x4WithinOnePpm) {
  const SquareLattice lattice(4, 4);
  const J1J2Hamiltonian h(lattice, 1.0, 0.5, true);
  const ExactEnumeration exact(lattice.n_sites());
  for (const AttentionKind attention : {AttentionKind::factored, AttentionKind::standard}) {
    const Pair pair(lattice, attention, 16, 2, 2);
    const Real e64 = exact_energy(pair.f64, h, exact);
    const Real e32 = exact_energy(pair.f32, h, exact);
    EXPECT_LT(std::abs(e32 - e64), 1e-6 * std::abs(e64)) << attention << " " << e64 << " " << e32;
    EXPECT_NE(e32, e64) << attention;  // float32 did change the amplitudes
    std::cout << "[measured] " << attention << " 4x4 exact energy: float64 " << e64
              << ", relative difference " << std::abs(e32 - e64) / std::abs(e64) << "\n";
  }
}

}  // namespace
}  // namespace vitvmc
