#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

#include "jacobian_check.hpp"
#include "symmetry_checks.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/model/rbm.hpp"
#include "vitvmc/model/symmetrized.hpp"
#include "vitvmc/support/random_states.hpp"
#include "vitvmc/util/error.hpp"

#if __has_include("vitvmc/model/vit.hpp")
#define VITVMC_TEST_VIT 1
#else
#define VITVMC_TEST_VIT 0
#endif

namespace vitvmc {
namespace {

std::unique_ptr<SymmetrizedWaveFunction> symmetric_rbm(const SquareLattice& lattice, bool flip,
                                                       SymmetrizedLimits limits = {}) {
  auto rbm = std::make_unique<RbmWaveFunction>(lattice.n_sites(), 1.0, 9);
  test::randomize(rbm->parameters(), 0.2, 21);
  return std::make_unique<SymmetrizedWaveFunction>(
      std::move(rbm), SymmetryGroup(lattice, lattice.lx(), lattice.ly(), flip), limits);
}

TEST(Symmetrized, RbmIsInvariantUnderEveryElement) {
  for (const auto& [lx, ly] : {std::pair<Index, Index>{4, 4}, {6, 4}}) {
    const SquareLattice lattice(lx, ly);
    const auto model = symmetric_rbm(lattice, true);
    test::expect_invariant(*model, model->group(), test::random_configs(2, lattice.n_sites(), 1),
                           1e-12);
  }
}

TEST(Symmetrized, EqualsMeanOverImages) {
  const SquareLattice lattice(4, 4);
  const auto model = symmetric_rbm(lattice, true);
  const ConfigBatch configs = test::random_configs(2, 16, 2);
  const ComplexVector lp = model->log_psi(configs);
  ConfigBatch image(1, 16);
  for (Index s = 0; s < 2; ++s) {
    Complex sum = 0.0;
    for (Index g = 0; g < model->group().size(); ++g) {
      model->group().apply(g, configs.row(s).data(), image.data());
      sum += std::exp(model->inner().log_psi(image)(0));
    }
    EXPECT_LT(test::log_distance(lp(s), std::log(sum / Real(model->group().size()))), 1e-12);
  }
}

TEST(Symmetrized, IdentityGroupIsTheInnerModel) {
  auto rbm = std::make_unique<RbmWaveFunction>(16, 1.0, 9);
  test::randomize(rbm->parameters(), 0.3, 4);
  const RbmWaveFunction copy = *rbm;
  const SymmetrizedWaveFunction model(std::move(rbm), SymmetryGroup::identity(16));
  const ConfigBatch configs = test::random_configs(4, 16, 3);
  ComplexVector lp, lp_inner;
  ComplexMatrix jac, jac_inner;
  model.log_psi_and_jacobian(configs, lp, jac);
  copy.log_psi_and_jacobian(configs, lp_inner, jac_inner);
  for (Index s = 0; s < lp.size(); ++s) EXPECT_LT(test::log_distance(lp(s), lp_inner(s)), 1e-13);
  EXPECT_LT((jac - jac_inner).cwiseAbs().maxCoeff(), 1e-13);
}

TEST(Symmetrized, RbmJacobianMatchesFiniteDifferences) {
  const SquareLattice square(4, 4), rect(6, 4);
  test::expect_jacobian_matches_fd(*symmetric_rbm(square, true), test::random_configs(2, 16, 5),
                                   1e-7, 3);
  test::expect_jacobian_matches_fd(*symmetric_rbm(rect, false), test::random_configs(2, 24, 6),
                                   1e-7, 7);
}

TEST(Symmetrized, ChunkingAndBatchingDoNotChangeResults) {
  const SquareLattice lattice(4, 4);
  const auto model = symmetric_rbm(lattice, true);
  // One sample per inner call (limits below one sample's images).
  const auto tiny = symmetric_rbm(lattice, true, SymmetrizedLimits{1, 1});
  const ConfigBatch configs = test::random_configs(5, 16, 7);
  ComplexVector lp, lp_tiny;
  ComplexMatrix jac, jac_tiny;
  model->log_psi_and_jacobian(configs, lp, jac);
  tiny->log_psi_and_jacobian(configs, lp_tiny, jac_tiny);
  EXPECT_LT((lp - lp_tiny).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((jac - jac_tiny).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((lp - tiny->log_psi(configs)).cwiseAbs().maxCoeff(), 1e-12);
  for (Index s = 0; s < configs.rows(); ++s) {
    ComplexVector lp1;
    ComplexMatrix jac1;
    model->log_psi_and_jacobian(ConfigBatch(configs.row(s)), lp1, jac1);
    EXPECT_LT(std::abs(lp1(0) - lp(s)), 1e-12);
    EXPECT_LT((jac1.row(0) - jac.row(s)).cwiseAbs().maxCoeff(), 1e-12);
  }
}

TEST(Factory, BuildsAndWrapsRbm) {
  const SquareLattice lattice(4, 4);
  ModelConfig config;
  config.type = ModelKind::rbm;
  config.alpha = 1.0;
  auto plain = make_wave_function(lattice, config);
  EXPECT_NE(dynamic_cast<RbmWaveFunction*>(plain.get()), nullptr);
  EXPECT_EQ(plain->n_params(), 2 * (16 + 16 + 256));
  config.symmetrize = SymmetryLevel::lattice_spinflip;
  auto sym = make_wave_function(lattice, config);
  const auto* wrapped = dynamic_cast<SymmetrizedWaveFunction*>(sym.get());
  ASSERT_NE(wrapped, nullptr);
  EXPECT_EQ(wrapped->group().size(), 16 * 8 * 2);  // RBM: all translations x C4v x flip
  EXPECT_EQ(sym->parameters().values(), plain->parameters().values());  // same seed
  config.symmetrize = SymmetryLevel::lattice;
  EXPECT_EQ(symmetry_group_for(SquareLattice(6, 4), config)->size(), 24 * 4);
  config.symmetrize = SymmetryLevel::translations;  // all translations, no point group
  EXPECT_EQ(symmetry_group_for(lattice, config)->size(), 16);
  config.symmetrize = SymmetryLevel::lattice;
  config.type = ModelKind::vit;
  EXPECT_EQ(symmetry_group_for(lattice, config)->size(), 4 * 8);  // b = 2 intra-patch translations
}

#if VITVMC_TEST_VIT
/// A small ViT through the factory, with non-trivial parameters, symmetrised with the b x b group.
std::unique_ptr<WaveFunction> symmetric_vit(Index lx, Index ly, AttentionKind attention) {
  ModelConfig config;
  config.type = ModelKind::vit;
  config.attention = attention;
  config.d = 8;
  config.heads = 2;
  config.layers = 1;
  config.patch = 2;
  config.ffn = 2;
  config.symmetrize = SymmetryLevel::lattice_spinflip;
  auto model = make_wave_function(SquareLattice(lx, ly), config);
  // Perturb around the initialisation so LN, biases and attention are all exercised.
  test::perturb(model->parameters(), 0.1, 77);
  return model;
}

TEST(SymmetrizedVit, InvariantUnderEveryElement) {
  for (const AttentionKind attention : all_kinds<AttentionKind>()) {  // every registered type
    const auto model = symmetric_vit(4, 4, attention);
    test::expect_invariant(*model, dynamic_cast<const SymmetrizedWaveFunction&>(*model).group(),
                           test::random_configs(2, 16, 8), 1e-12);
  }
  const auto rect = symmetric_vit(6, 4, AttentionKind::factored);
  test::expect_invariant(*rect, dynamic_cast<const SymmetrizedWaveFunction&>(*rect).group(),
                         test::random_configs(2, 24, 9), 1e-12);
}

// The "translations" level: the b x b intra-patch translations alone (no point group); with the
// ViT's built-in translations by b the projection is invariant under every lattice translation.
TEST(SymmetrizedVit, TranslationsLevelIsInvariantUnderUnitTranslations) {
  for (const AttentionKind attention : all_kinds<AttentionKind>()) {  // every registered type
    ModelConfig config;
    config.attention = attention;
    config.d = 8;
    config.layers = 1;
    config.ffn = 2;
    config.symmetrize = SymmetryLevel::translations;
    const SquareLattice lattice(4, 4);
    auto model = make_wave_function(lattice, config);
    test::perturb(model->parameters(), 0.1, 78);
    const auto& sym = dynamic_cast<const SymmetrizedWaveFunction&>(*model);
    EXPECT_EQ(sym.group().size(), 4);
    const ConfigBatch configs = test::random_configs(3, 16, 10);
    // Shift every configuration by one site along x: the "translations" model must not notice.
    ConfigBatch shifted(configs.rows(), configs.cols());
    for (Index r = 0; r < configs.rows(); ++r)
      for (Index s = 0; s < 16; ++s) {
        const auto [x, y] = lattice.coordinates(s);
        shifted(r, lattice.site(x + 1, y)) = configs(r, s);
      }
    const ComplexVector a = model->log_psi(configs), b = model->log_psi(shifted);
    for (Index r = 0; r < configs.rows(); ++r) EXPECT_LT(std::abs(a(r) - b(r)), 1e-12);
  }
}

TEST(SymmetrizedVit, JacobianMatchesFiniteDifferences) {
  for (const AttentionKind attention : all_kinds<AttentionKind>()) {  // every registered type
    auto model = symmetric_vit(4, 4, attention);
    test::expect_jacobian_matches_fd(*model, test::random_configs(2, 16, 10), 1e-6, 5);
  }
  auto rect = symmetric_vit(6, 4, AttentionKind::factored);
  test::expect_jacobian_matches_fd(*rect, test::random_configs(2, 24, 11), 1e-6, 7);
}
#endif

}  // namespace
}  // namespace vitvmc
