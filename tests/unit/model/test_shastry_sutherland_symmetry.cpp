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

#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/model/rbm.hpp"
#include "vitvmc/model/symmetrized.hpp"
#include "vitvmc/util/rng.hpp"

namespace vitvmc {
namespace {

using Pairs = std::set<std::pair<Index, Index>>;

Pairs pairs(const std::vector<Bond>& bonds) {
  Pairs out;
  for (const Bond& b : bonds) out.insert(std::minmax(b.a, b.b));
  return out;
}

/// Image of a bond list under element g (source(g)[new] = old), computed here, not by BondSet.
Pairs mapped(const SymmetryGroup& group, Index g, const Pairs& bonds) {
  std::vector<Index> target(group.source(g).size());
  for (std::size_t s = 0; s < target.size(); ++s)
    target[static_cast<std::size_t>(group.source(g)[s])] = static_cast<Index>(s);
  Pairs out;
  for (const auto& [a, b] : bonds)
    out.insert(
        std::minmax(target[static_cast<std::size_t>(a)], target[static_cast<std::size_t>(b)]));
  return out;
}

ConfigBatch random_configs(Index n, Index batch, std::uint64_t seed) {
  PhiloxStream rng(seed, 7);
  ConfigBatch out(batch, n);
  for (Index s = 0; s < batch; ++s) {
    for (Index i = 0; i < n; ++i) out(s, i) = i < n / 2 ? 1 : -1;
    for (Index i = n - 1; i > 0; --i)
      std::swap(out(s, i), out(s, static_cast<Index>(rng.uniform_index(i + 1))));
  }
  return out;
}

/// log psi(g sigma) == log psi(sigma) for every g of `group` (which may be larger than the
/// model's own projection group).
void expect_invariant(const WaveFunction& model, const SymmetryGroup& group,
                      const ConfigBatch& configs) {
  const ComplexVector reference = model.log_psi(configs);
  ConfigBatch moved(group.size(), configs.cols());
  for (Index s = 0; s < configs.rows(); ++s) {
    for (Index g = 0; g < group.size(); ++g)
      group.apply(g, configs.row(s).data(), moved.row(g).data());
    const ComplexVector lp = model.log_psi(moved);
    for (Index g = 0; g < group.size(); ++g)
      EXPECT_LT(std::abs(std::exp(lp(g) - reference(s)) - 1.0), 1e-11)
          << "sample " << s << " element " << g;
  }
}

TEST(ShastrySutherlandGroup, IsTheSpaceGroupAndPreservesEveryBondKind) {
  for (const Index side : {4, 8, 6}) {
    const SquareLattice lattice(side, side);
    const BondSet bonds = shastry_sutherland_bonds(lattice);
    const SymmetryGroup group(lattice, bonds, side, side, /*spin_flip=*/false);
    // p4g on the torus: 8 point operations per translation of the 2x2 cell.
    EXPECT_EQ(group.size(), 8 * lattice.n_sites() / 4) << side;
    const Pairs j1 = pairs(bonds.j1_bonds()), j2 = pairs(bonds.j2_bonds());
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
  PhiloxStream rng(5, 1);
  for (Real& v : model->parameters().values()) v = 0.2 * (2.0 * rng.uniform() - 1.0);
  const SymmetryGroup group(lattice, bonds, 4, 4, true);
  expect_invariant(*model, group, random_configs(16, 3, 2));
  // ...and not under a translation by one site, which moves the dimers.
  const SymmetryGroup square(lattice, 4, 4, false);
  const ConfigBatch one = random_configs(16, 1, 3);
  ConfigBatch shifted(1, 16);
  square.apply(8, one.row(0).data(), shifted.row(0).data());  // element 8: translation (1, 0)
  EXPECT_GT(std::abs(model->log_psi(one)(0) - model->log_psi(shifted)(0)), 1e-6);
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
    PhiloxStream rng(79, 1);
    for (Real& v : model->parameters().values()) v += 0.1 * (2.0 * rng.uniform() - 1.0);
    EXPECT_EQ(dynamic_cast<const SymmetrizedWaveFunction&>(*model).group().size(), 8);
    expect_invariant(*model, SymmetryGroup(lattice, bonds, 4, 4, false), random_configs(16, 2, 4));
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
