// The Shastry-Sutherland lattice's own symmetry group: every element maps the bonds (kind by kind,
// so with their couplings) onto themselves, the group is the full space group (2N elements: the
// N/4 translations of the 2x2 cell times 8 point operations), and symmetrised models are invariant
// under all of it.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "symmetry_checks.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/model/rbm.hpp"
#include "vitvmc/model/symmetrized.hpp"
#include "vitvmc/support/random_states.hpp"

namespace vitvmc {
namespace {

using test::BondPairs;
using test::mapped;

TEST(ShastrySutherlandGroup, IsTheSpaceGroupAndPreservesEveryBondKind) {
  for (const Index side : {4, 8, 6}) {
    const SquareLattice lattice(side, side);
    const BondSet bonds = shastry_sutherland_bonds(lattice);
    const SymmetryGroup group(lattice, bonds, side, side, /*spin_flip=*/false);
    // p4g on the torus: 8 point operations per translation of the 2x2 cell.
    EXPECT_EQ(group.size(), 8 * lattice.n_sites() / 4) << side;
    const BondPairs j1 = test::bond_pairs(bonds.j1_bonds()),
                    j2 = test::bond_pairs(bonds.j2_bonds());
    std::set<std::vector<Index>> distinct;
    for (Index g = 0; g < group.size(); ++g) {
      EXPECT_EQ(mapped(group, g, j1), j1) << side << " element " << g;
      EXPECT_EQ(mapped(group, g, j2), j2) << side << " element " << g;
      distinct.insert(group.source(g));
    }
    EXPECT_EQ(static_cast<Index>(distinct.size()), group.size());
    // The square lattice's C4v x translations has 8N elements; three quarters move the dimers.
    const SymmetryGroup square(lattice, side, side, false);
    Index kept = 0;
    for (Index g = 0; g < square.size(); ++g)
      kept += mapped(square, g, j2) == j2 && mapped(square, g, j1) == j1;
    EXPECT_EQ(kept, group.size());
  }
}

TEST(ShastrySutherlandGroup, CosetRepresentativesForATwoByTwoPatchModel) {
  const SquareLattice lattice(8, 8);
  const BondSet bonds = shastry_sutherland_bonds(lattice);
  // Modulo the translations by 2 (the ViT's own), the space group has 8 cosets.
  EXPECT_EQ(SymmetryGroup(lattice, bonds, 2, 2, false).size(), 8);
  EXPECT_EQ(SymmetryGroup(lattice, bonds, 2, 2, true).size(), 16);
  EXPECT_EQ(SymmetryGroup(lattice, bonds, 2, 2, false, /*point_group=*/false).size(), 1);
  // On the square J1-J2 bonds the filtered group is the unfiltered one, element by element.
  const SymmetryGroup plain(lattice, 2, 2, true);
  const SymmetryGroup filtered(lattice, square_j1j2_bonds(lattice), 2, 2, true);
  ASSERT_EQ(plain.size(), filtered.size());
  for (Index g = 0; g < plain.size(); ++g) {
    EXPECT_EQ(plain.source(g), filtered.source(g));
    EXPECT_EQ(plain.flip(g), filtered.flip(g));
  }
}

TEST(ShastrySutherlandGroup, SymmetrisedRbmIsInvariantUnderTheWholeGroup) {
  const SquareLattice lattice(4, 4);
  const BondSet bonds = shastry_sutherland_bonds(lattice);
  ModelConfig config;
  config.type = ModelKind::rbm;
  config.alpha = 1.0;
  config.symmetrize = SymmetryLevel::lattice_spinflip;
  auto model = make_wave_function(lattice, bonds, config);
  test::randomize(model->parameters(), 0.2, 5);
  const SymmetryGroup group(lattice, bonds, 4, 4, true);
  test::expect_invariant(*model, group, test::random_configs(3, 16, 2), 1e-11);
  // ...and not under a translation by one site, which moves the dimers (on some configuration: one
  // alone may be mapped onto an equivalent one).
  const SymmetryGroup square(lattice, 4, 4, false);
  const ConfigBatch configs = test::random_configs(8, 16, 3);
  ConfigBatch shifted(8, 16);
  for (Index s = 0; s < 8; ++s)  // element 8: translation (1, 0)
    square.apply(8, configs.row(s).data(), shifted.row(s).data());
  EXPECT_GT((model->log_psi(configs) - model->log_psi(shifted)).cwiseAbs().maxCoeff(), 1e-6);
}

TEST(ShastrySutherlandGroup, SymmetrisedVitIsInvariantUnderTheWholeGroup) {
  for (const AttentionKind attention : {AttentionKind::factored, AttentionKind::standard}) {
    const SquareLattice lattice(4, 4);
    const BondSet bonds = shastry_sutherland_bonds(lattice);
    ModelConfig config;
    config.attention = attention;
    config.d = 8;
    config.layers = 1;
    config.ffn = 2;
    config.symmetrize = SymmetryLevel::lattice;
    auto model = make_wave_function(lattice, bonds, config);
    test::perturb(model->parameters(), 0.1, 79);
    EXPECT_EQ(dynamic_cast<const SymmetrizedWaveFunction&>(*model).group().size(), 8);
    test::expect_invariant(*model, SymmetryGroup(lattice, bonds, 4, 4, false),
                           test::random_configs(2, 16, 4), 1e-11);
  }
}

TEST(ShastrySutherlandGroup, ExactSummationUsesTranslationsThatPreserveTheBonds) {
  const SquareLattice lattice(8, 8);
  const BondSet bonds = shastry_sutherland_bonds(lattice);
  ModelConfig config;  // vit, patch 2, no symmetrisation: invariant under translations by 2
  EXPECT_EQ(invariant_translations(lattice, bonds, config).size(), 16U);
  config.symmetrize =
      SymmetryLevel::lattice;  // projected onto the space group: still only the 2x2 cell's
  EXPECT_EQ(invariant_translations(lattice, bonds, config).size(), 16U);
  config.type = ModelKind::rbm;
  config.symmetrize = SymmetryLevel::none;
  EXPECT_EQ(invariant_translations(lattice, bonds, config).size(), 1U);
  EXPECT_EQ(invariant_translations(lattice, square_j1j2_bonds(lattice), ModelConfig{}).size(), 16U);
}

}  // namespace
}  // namespace vitvmc
