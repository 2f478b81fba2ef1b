#include <gtest/gtest.h>

#include "vitvmc/estimator/local_energy.hpp"
#include "vitvmc/estimator/sector_local_energy.hpp"
#include "vitvmc/model/factory.hpp"

namespace vitvmc {
namespace {

ConfigBatch configs_of(const SzZeroBasis& basis, const SectorOrbits& orbits) {
  ConfigBatch configs(orbits.size(), basis.n_sites());
  for (Index k = 0; k < orbits.size(); ++k)
    basis.fill_config(orbits.representative(k), configs.row(k).data());
  return configs;
}

// The look-up path must agree with the model-evaluating path: on every state of the 4x4 sector,
// and on orbit representatives when the model is invariant under the orbits' translations.
void expect_lookup_equals_model(const ModelConfig& m, bool use_orbits) {
  SquareLattice lattice(4, 4);
  J1J2Hamiltonian h(lattice, 1.0, 0.5);
  auto psi = make_wave_function(lattice, m);
  SzZeroBasis basis(16);
  const SectorOrbits orbits = use_orbits
                                  ? SectorOrbits(basis, lattice, invariant_translations(lattice, m))
                                  : SectorOrbits(basis);
  ASSERT_EQ(orbits.trivial(), !use_orbits);
  const ConfigBatch configs = configs_of(basis, orbits);
  const ComplexVector log_psi = psi->log_psi(configs);
  const Index begin = 100, end = std::min<Index>(1400, orbits.size());
  const ComplexVector by_lookup = sector_local_energies(h, basis, orbits, log_psi, begin, end);
  const ComplexVector by_model = local_energies(h, *psi, configs.middleRows(begin, end - begin),
                                                log_psi.segment(begin, end - begin), 4096);
  ASSERT_EQ(by_lookup.size(), end - begin);
  EXPECT_LT((by_lookup - by_model).cwiseAbs().maxCoeff(), 1e-10 * by_model.cwiseAbs().maxCoeff());
}

ModelConfig small_vit(AttentionKind attention) {
  ModelConfig m;
  m.d = 8;
  m.layers = 1;
  m.attention = attention;
  return m;
}

TEST(SectorLocalEnergy, EqualsModelLocalEnergyOnTheWholeSector) {
  expect_lookup_equals_model(small_vit(AttentionKind::standard), false);
}

TEST(SectorLocalEnergy, EqualsModelLocalEnergyOnOrbitRepresentatives) {
  expect_lookup_equals_model(small_vit(AttentionKind::standard), true);
  expect_lookup_equals_model(small_vit(AttentionKind::factored), true);
  ModelConfig rbm;
  rbm.type = ModelKind::rbm;
  rbm.symmetrize = SymmetryLevel::lattice;
  expect_lookup_equals_model(rbm, true);
}

}  // namespace
}  // namespace vitvmc
