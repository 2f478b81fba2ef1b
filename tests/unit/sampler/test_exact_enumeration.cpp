#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "toy_wavefunction.hpp"
#include "vitvmc/estimator/local_energy.hpp"
#include "vitvmc/estimator/statistics.hpp"
#include "vitvmc/hamiltonian/j1j2.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/sampler/chain_set.hpp"
#include "vitvmc/sampler/exact_enumeration.hpp"

namespace vitvmc {
namespace {

using testing_support::ToyWaveFunction;

SampleBatch normalised_range(const ExactEnumeration& exact, const WaveFunction& psi) {
  SampleBatch all = exact.exact_samples(psi, 0, exact.size());
  normalise_weights(all, combine_log_weight_sums({local_log_weight_sum(all)}));
  return all;
}

/// E_loc(sigma) = diag + sum_exchanges element * psi(sigma') / psi(sigma), straight from the model.
ComplexVector local_energies(const J1J2Hamiltonian& h, const WaveFunction& psi,
                             const SampleBatch& batch) {
  ComplexVector e(batch.size());
  for (Index r = 0; r < batch.size(); ++r) {
    const Spin* s = batch.configs.row(r).data();
    ConfigBatch one = batch.configs.row(r);
    e(r) = h.diagonal(s);
    h.for_each_connected(s, [&](Index a, Index b, Real element) {
      std::swap(one(0, a), one(0, b));
      e(r) += element * std::exp(psi.log_psi(one)(0) - batch.log_psi(r));
      std::swap(one(0, a), one(0, b));
    });
  }
  return e;
}

TEST(ExactEnumeration, CoversTheSectorWithNormalisedWeights) {
  const SquareLattice lat(4, 4);
  const ToyWaveFunction psi(lat, 0.4, 9);
  const ExactEnumeration exact(16);
  ASSERT_EQ(exact.size(), 12870);
  const SampleBatch all = normalised_range(exact, psi);
  EXPECT_TRUE(all.weighted());
  EXPECT_NEAR(all.weights.sum(), 1.0, 1e-13);
  EXPECT_GT(all.weights.minCoeff(), 0.0);
  for (Index r = 0; r < all.size(); ++r) {
    ASSERT_TRUE(in_sz_zero_sector(all.configs.row(r).data(), 16));
    ASSERT_EQ(exact.basis().index_of(SzZeroBasis::mask_of(all.configs.row(r).data(), 16)), r);
  }
  // Small chunks evaluate the same rows.
  const SampleBatch chunked = ExactEnumeration(16, 1000).exact_samples(psi, 0, exact.size());
  EXPECT_EQ(chunked.log_psi, all.log_psi);
}

// Three "ranks" combining their max-shifted sums get the weights of one range.
TEST(ExactEnumeration, SplitRangesGiveTheSameWeights) {
  const SquareLattice lat(4, 4);
  const ToyWaveFunction psi(lat, 1.5,
                            10);  // large amplitudes: exp(2 Re log psi) spans many decades
  const ExactEnumeration exact(16);
  const SampleBatch all = normalised_range(exact, psi);
  std::vector<SampleBatch> parts;
  std::vector<LogWeightSum> sums;
  for (int rank = 0; rank < 3; ++rank) {
    const auto [begin, end] = ExactEnumeration::split_range(exact.size(), rank, 3);
    parts.push_back(exact.exact_samples(psi, begin, end));
    sums.push_back(local_log_weight_sum(parts.back()));
  }
  sums.push_back(local_log_weight_sum(exact.exact_samples(psi, 5, 5)));  // an empty rank
  const Real log_z = combine_log_weight_sums(sums);
  for (SampleBatch& part : parts) {
    normalise_weights(part, log_z);
    const RealVector& ref = all.weights;
    const RealVector diff = part.weights - ref.segment(part.first_chain, part.size());
    EXPECT_LT(diff.cwiseAbs().maxCoeff(), 1e-14 * ref.maxCoeff());
  }
  EXPECT_EQ(parts[0].first_chain, 0);
  EXPECT_EQ(parts[2].first_chain + parts[2].size(), exact.size());
}

TEST(ExactEnumeration, SplitRangeIsBalancedAndContiguous) {
  for (int ranks : {1, 2, 3, 7}) {
    Index next = 0;
    for (int r = 0; r < ranks; ++r) {
      const auto [begin, end] = ExactEnumeration::split_range(100, r, ranks);
      EXPECT_EQ(begin, next);
      EXPECT_LE(end - begin, 100 / ranks + 1);
      EXPECT_GE(end - begin, 100 / ranks);
      next = end;
    }
    EXPECT_EQ(next, 100);
  }
}

// <E> and Var(E) from weighted local energies equal <psi|H|psi>/<psi|psi> and <H^2> - <H>^2
// computed by applying H to the whole amplitude vector.
TEST(ExactEnumeration, WeightedEnergyMatchesDirectSum) {
  const SquareLattice lat(4, 4);
  const J1J2Hamiltonian h(lat, 1.0, 0.5);
  const ToyWaveFunction psi(lat, 0.4, 12);
  const ExactEnumeration exact(16);
  const SampleBatch all = normalised_range(exact, psi);

  const ComplexVector amp = (all.log_psi.array() - all.log_psi.real().maxCoeff()).exp().matrix();
  ComplexVector h_amp = ComplexVector::Zero(amp.size());
  for (Index j = 0; j < amp.size(); ++j) {
    const Spin* s = all.configs.row(j).data();
    h_amp(j) += h.diagonal(s) * amp(j);
    std::vector<Spin> flipped(s, s + 16);
    h.for_each_connected(s, [&](Index a, Index b, Real element) {
      std::swap(flipped[static_cast<std::size_t>(a)], flipped[static_cast<std::size_t>(b)]);
      h_amp(exact.basis().index_of(SzZeroBasis::mask_of(flipped.data(), 16))) += element * amp(j);
      std::swap(flipped[static_cast<std::size_t>(a)], flipped[static_cast<std::size_t>(b)]);
    });
  }
  const Real norm = amp.squaredNorm();
  const Complex energy = amp.dot(h_amp) / norm;  // dot conjugates the first argument
  const Real variance = h_amp.squaredNorm() / norm - std::norm(energy);

  const EnergyStatistics st = weighted_statistics(local_energies(h, psi, all), all.weights, 16);
  EXPECT_NEAR(energy.imag(), 0.0, 1e-12);
  EXPECT_NEAR(st.mean.real(), energy.real(), 1e-11);
  EXPECT_NEAR(st.mean.imag(), 0.0, 1e-11);
  EXPECT_NEAR(st.variance, variance, 1e-10);
  EXPECT_GT(st.variance, 0.1);  // a toy state, far from an eigenstate
  EXPECT_DOUBLE_EQ(st.error, 0.0);
  EXPECT_DOUBLE_EQ(st.energy_per_site, st.mean.real() / 16);
  EXPECT_EQ(st.n_samples, 12870);
}

// Summing over translation orbits (one representative, weighted by the orbit size) gives the same
// energy, variance and mean log-derivatives as summing over every state.
TEST(ExactEnumeration, OrbitSumEqualsFullSum) {
  const SquareLattice lat(4, 4);
  const J1J2Hamiltonian h(lat, 1.0, 0.5);
  ModelConfig m;
  m.d = 8;
  m.layers = 1;
  m.attention = AttentionKind::standard;
  const auto psi = make_wave_function(lat, m);
  const ExactEnumeration full(16);
  const ExactEnumeration orbits(lat, invariant_translations(lat, m));
  EXPECT_EQ(orbits.size(), 3270);
  orbits.verify_invariance(*psi, 50);

  struct Sums {
    EnergyStatistics energy;
    ComplexVector mean_o;
  };
  auto sums = [&](const ExactEnumeration& exact) {
    const SampleBatch all = normalised_range(exact, *psi);
    EXPECT_NEAR(all.weights.sum(), 1.0, 1e-12);
    const ComplexVector e = vitvmc::local_energies(h, *psi, all.configs, all.log_psi, 4096);
    ComplexVector log_psi;
    ComplexMatrix o;
    psi->log_psi_and_jacobian(all.configs, log_psi, o);
    return Sums{weighted_statistics(e, all.weights, 16),
                o.transpose() * all.weights.cast<Complex>()};
  };
  const Sums a = sums(full);
  const Sums b = sums(orbits);
  EXPECT_NEAR(a.energy.mean.real(), b.energy.mean.real(), 1e-11);
  EXPECT_NEAR(a.energy.variance, b.energy.variance, 1e-10);
  EXPECT_LT((a.mean_o - b.mean_o).cwiseAbs().maxCoeff(), 1e-11);
}

TEST(ExactEnumeration, RefusesOrbitsOfAModelThatIsNotInvariant) {
  const SquareLattice lat(4, 4);
  ModelConfig m;
  m.type = ModelKind::rbm;
  const auto psi = make_wave_function(lat, m);
  EXPECT_EQ(invariant_translations(lat, m).size(), 1U);
  const ExactEnumeration wrong(lat, translations_by(lat, 2, 2));
  EXPECT_THROW(wrong.verify_invariance(*psi), std::logic_error);
}

TEST(ExactEnumeration, ModelsAreInvariantUnderTheirTranslations) {
  const SquareLattice lat(4, 4);
  for (const SymmetryLevel sym : {SymmetryLevel::none, SymmetryLevel::lattice_spinflip}) {
    for (const AttentionKind attention : {AttentionKind::factored, AttentionKind::standard}) {
      ModelConfig m;
      m.d = 8;
      m.layers = 1;
      m.attention = attention;
      m.symmetrize = sym;
      const auto psi = make_wave_function(lat, m);
      const ExactEnumeration exact(lat, invariant_translations(lat, m));
      EXPECT_FALSE(exact.orbits().trivial());
      EXPECT_NO_THROW(exact.verify_invariance(*psi, 20)) << sym << " " << attention;
    }
  }
}

}  // namespace
}  // namespace vitvmc
