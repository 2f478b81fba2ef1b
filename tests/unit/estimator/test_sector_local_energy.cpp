#include <gtest/gtest.h>

#include "vitvmc/estimator/local_energy.hpp"
#include "vitvmc/estimator/sector_local_energy.hpp"
#include "vitvmc/model/factory.hpp"

namespace vitvmc {
namespace {

// The look-up path must agree with the model-evaluating path on every state of the 4x4 sector.
TEST(SectorLocalEnergy, EqualsModelLocalEnergyOnTheWholeSector) {
  SquareLattice lattice(4, 4);
  J1J2Hamiltonian h(lattice, 1.0, 0.5);
  ModelConfig m;
  m.d = 8;
  m.layers = 1;
  m.attention = "standard";
  auto psi = make_wave_function(lattice, m);
  SzZeroBasis basis(16);
  ConfigBatch configs(basis.size(), 16);
  for (Index i = 0; i < basis.size(); ++i) basis.fill_config(i, configs.row(i).data());
  const ComplexVector log_psi = psi->log_psi(configs);
  const Index begin = 100, end = 1400;
  const ComplexVector by_lookup = sector_local_energies(h, basis, log_psi, begin, end);
  const ComplexVector by_model = local_energies(h, *psi, configs.middleRows(begin, end - begin),
                                                log_psi.segment(begin, end - begin), 4096);
  ASSERT_EQ(by_lookup.size(), end - begin);
  EXPECT_LT((by_lookup - by_model).cwiseAbs().maxCoeff(), 1e-10 * by_model.cwiseAbs().maxCoeff());
}

}  // namespace
}  // namespace vitvmc
