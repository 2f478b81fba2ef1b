// ViT properties: parameter counts, naming, validation, symmetry, batching, attention maps.

#include <gtest/gtest.h>

#include <string>

#include "vit_test_helpers.hpp"
#include "vitvmc/model/vit.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

ModelConfig config_of(AttentionKind attention, Index d, Index heads, Index layers) {
  ModelConfig config;
  config.attention = attention;
  config.d = d;
  config.heads = heads;
  config.layers = layers;
  config.patch = 2;
  config.ffn = 4;
  return config;
}

TEST(ViT, ParameterCountsMatchDesign) {
  const SquareLattice lattice(10, 10);
  EXPECT_EQ(ViTWaveFunction(lattice, config_of(AttentionKind::factored, 60, 10, 4)).n_params(),
            155620);
  EXPECT_EQ(ViTWaveFunction(lattice, config_of(AttentionKind::standard, 60, 10, 4)).n_params(),
            184900);
  EXPECT_EQ(ViTWaveFunction(lattice, config_of(AttentionKind::decoupled, 60, 10, 4)).n_params(),
            184900);
  EXPECT_EQ(ViTWaveFunction(lattice, config_of(AttentionKind::factored, 72, 12, 8)).n_params(),
            434760);
  ModelConfig full = config_of(AttentionKind::factored, 60, 10, 4);
  full.full_alpha = true;  // h n^2 instead of h n per layer
  EXPECT_EQ(ViTWaveFunction(lattice, full).n_params(), 155620 + 4 * 10 * (625 - 25));
}

// The paper's Table 1 (d = 60, h = 10, 4 layers, 2x2 patches, f = 4d): T5 (our standard) and
// Decoupled have the same count, Factored fewer (no Q, K).
TEST(ViT, ParameterCountsMatchThePaperTable) {
  struct Row {
    Index side, t5_and_decoupled, factored;
  };
  for (const Row& row : {Row{6, 184260, 154980}, Row{10, 184900, 155620}}) {
    const SquareLattice lattice(row.side, row.side);
    EXPECT_EQ(ViTWaveFunction(lattice, config_of(AttentionKind::standard, 60, 10, 4)).n_params(),
              row.t5_and_decoupled);
    EXPECT_EQ(ViTWaveFunction(lattice, config_of(AttentionKind::decoupled, 60, 10, 4)).n_params(),
              row.t5_and_decoupled);
    EXPECT_EQ(ViTWaveFunction(lattice, config_of(AttentionKind::factored, 60, 10, 4)).n_params(),
              row.factored);
  }
}

TEST(ViT, SlicesAreNamedAndInitialised) {
  const SquareLattice lattice(4, 4);
  const ViTWaveFunction psi(lattice, config_of(AttentionKind::standard, 8, 2, 2));
  const ParameterStore& store = psi.parameters();
  EXPECT_EQ(store.slice("embed.E").shape, (std::vector<Index>{8, 4}));
  EXPECT_EQ(store.slice("layer1.attn.alpha").shape, (std::vector<Index>{2, 4}));
  EXPECT_EQ(store.slice("layer0.ffn.F1").shape, (std::vector<Index>{32, 8}));
  EXPECT_TRUE(store.vector(store.slice("layer0.ln1.gamma")).isOnes());
  EXPECT_TRUE(store.vector(store.slice("head.ln_m.beta")).isZero());
  EXPECT_TRUE(store.vector(store.slice("layer1.attn.Q_b")).isZero());
  // Xavier-uniform: |W| <= sqrt(6 / (fan_in + fan_out)), and not all equal.
  const auto f1 = store.vector(store.slice("layer0.ffn.F1"));
  EXPECT_LE(f1.cwiseAbs().maxCoeff(), std::sqrt(6.0 / 40.0));
  EXPECT_GT(f1.cwiseAbs().maxCoeff(), 0.5 * std::sqrt(6.0 / 40.0));
  const auto alpha = store.vector(store.slice("layer0.attn.alpha"));
  EXPECT_LE(alpha.cwiseAbs().maxCoeff(), std::sqrt(6.0 / 6.0));
  // Deterministic in the seed.
  ModelConfig other = config_of(AttentionKind::standard, 8, 2, 2);
  EXPECT_EQ(ViTWaveFunction(lattice, other).parameters().values(), store.values());
  other.seed += 1;
  EXPECT_NE(ViTWaveFunction(lattice, other).parameters().values(), store.values());
}

void expect_rejected(ModelConfig config, const std::string& option, Index side = 4) {
  try {
    ViTWaveFunction psi(SquareLattice(side, side), config);
    ADD_FAILURE() << "accepted an invalid " << option;
  } catch (const InvalidInput& error) {
    EXPECT_EQ(error.option(), option) << error.what();
  }
}

TEST(ViT, InvalidArchitecturesNameTheOption) {
  const ModelConfig good = config_of(AttentionKind::factored, 8, 2, 2);
  ModelConfig c = good;
  c = good, c.d = 0, expect_rejected(c, "--model.d");
  c = good, c.heads = 0, expect_rejected(c, "--model.heads");
  c = good, c.heads = 3, expect_rejected(c, "--model.heads");  // 3 does not divide 8
  c = good, c.layers = 0, expect_rejected(c, "--model.layers");
  c = good, c.ffn = 0, expect_rejected(c, "--model.ffn");
  c = good, c.patch = 0, expect_rejected(c, "--model.patch");
  c = good, c.patch = 3, expect_rejected(c, "--model.patch");  // 3 does not divide 4
}

/// sigma'(x, y) = sigma(x - dx, y - dy).
ConfigBatch translated(const ConfigBatch& configs, const SquareLattice& lattice, Index dx,
                       Index dy) {
  ConfigBatch out(configs.rows(), configs.cols());
  for (Index s = 0; s < configs.rows(); ++s)
    for (Index site = 0; site < lattice.n_sites(); ++site) {
      const auto [x, y] = lattice.coordinates(site);
      out(s, lattice.site(x + dx, y + dy)) = configs(s, site);
    }
  return out;
}

void expect_patch_translation_invariance(AttentionKind attention) {
  const SquareLattice lattice(6, 4);
  ViTWaveFunction psi(lattice, config_of(attention, 8, 2, 2));
  test::perturb(psi.parameters(), 0.2, 3);
  const ConfigBatch configs = test::random_configs(4, lattice.n_sites(), 5);
  const ComplexVector reference = psi.log_psi(configs);
  for (auto [dx, dy] : {std::pair<Index, Index>{2, 0}, {0, 2}, {4, 2}}) {
    const ComplexVector shifted = psi.log_psi(translated(configs, lattice, dx, dy));
    for (Index s = 0; s < configs.rows(); ++s)
      EXPECT_LT(std::abs(shifted[s] - reference[s]), 1e-12) << dx << "," << dy;
  }
  // A translation by one site is not a symmetry of the patch network: psi must change.
  const ComplexVector one_site = psi.log_psi(translated(configs, lattice, 1, 0));
  EXPECT_GT(std::abs(one_site[0] - reference[0]), 1e-6);
}

TEST(ViT, EveryAttentionInvariantUnderPatchTranslations) {
  for (const AttentionKind attention : test::every_attention()) {
    SCOPED_TRACE(attention);
    expect_patch_translation_invariance(attention);
  }
}

void expect_batch_equals_single(AttentionKind attention, Index side = 4, Index batch = 5) {
  const SquareLattice lattice(side, side);
  ViTWaveFunction psi(lattice, config_of(attention, 8, 2, 2));
  test::perturb(psi.parameters(), 0.2, 4);
  const ConfigBatch configs = test::random_configs(batch, lattice.n_sites(), 6);
  ComplexVector log_psi;
  ComplexMatrix jacobian;
  psi.log_psi_and_jacobian(configs, log_psi, jacobian);
  const ComplexVector forward = psi.log_psi(configs);
  for (Index s = 0; s < configs.rows(); ++s) {
    ComplexVector one;
    ComplexMatrix row;
    psi.log_psi_and_jacobian(configs.row(s), one, row);
    EXPECT_LT(std::abs(one[0] - log_psi[s]), 1e-12);
    EXPECT_LT(std::abs(forward[s] - log_psi[s]), 1e-12);
    // Relative to the row's largest entry (~100 here): BLAS sums in another order for one row
    // than for a batch, so entries of that size differ in their last bits (3e-12 seen).
    const double scale = std::max(1.0, row.cwiseAbs().maxCoeff());
    EXPECT_LT((row.row(0) - jacobian.row(s)).cwiseAbs().maxCoeff(), 1e-13 * scale);
  }
  EXPECT_TRUE(jacobian.allFinite());
  // Different configurations give different rows (no row is a broadcast of another).
  EXPECT_GT((jacobian.row(0) - jacobian.row(1)).cwiseAbs().maxCoeff(), 1e-3);
}

TEST(ViT, EveryAttentionBatchEqualsOneAtATime) {
  for (const AttentionKind attention : test::every_attention()) {
    SCOPED_TRACE(attention);
    expect_batch_equals_single(attention);
  }
}

// Batches go through in chunks with reused workspaces: 8x8 has 16 patches, 62 samples per chunk,
// so 130 samples are two full chunks and a partial one, between single-sample calls.
TEST(ViT, ChunkedBatchEqualsOneAtATime) {
  const SquareLattice lattice(8, 8);
  EXPECT_LT(
      2 * ViTWaveFunction(lattice, config_of(AttentionKind::factored, 8, 2, 2)).chunk_samples(),
      130);
  for (const AttentionKind attention : test::every_attention()) {
    SCOPED_TRACE(attention);
    expect_batch_equals_single(attention, 8, 130);
  }
}

TEST(ViT, StandardAttentionMapsAreSoftmaxRows) {
  const SquareLattice lattice(6, 4);
  ViTWaveFunction psi(lattice, config_of(AttentionKind::standard, 8, 2, 2));
  test::perturb(psi.parameters(), 0.5, 8);
  const ConfigBatch configs = test::random_configs(3, lattice.n_sites(), 9);
  const std::vector<RealMatrix> maps = psi.attention_maps(configs);
  const Index n = psi.patches().n_patches();
  ASSERT_EQ(maps.size(), 2u);
  for (const RealMatrix& m : maps) {
    ASSERT_EQ(m.rows(), 3 * 2);
    ASSERT_EQ(m.cols(), n * n);
    EXPECT_GT(m.minCoeff(), 0.0);
    for (Index r = 0; r < m.rows(); ++r)
      for (Index i = 0; i < n; ++i) EXPECT_NEAR(m.row(r).segment(i * n, n).sum(), 1.0, 1e-14);
  }
  // The maps depend on the input in the standard model.
  EXPECT_GT((maps[1].row(0) - maps[1].row(2)).cwiseAbs().maxCoeff(), 1e-6);
}

TEST(ViT, FactoredAttentionMapsAreTheTranslationInvariantTable) {
  const SquareLattice lattice(6, 4);
  const ViTWaveFunction psi(lattice, config_of(AttentionKind::factored, 8, 2, 2));
  const ConfigBatch configs = test::random_configs(2, lattice.n_sites(), 10);
  const std::vector<RealMatrix> maps = psi.attention_maps(configs);
  const PatchMap& patches = psi.patches();
  const Index n = patches.n_patches();
  for (Index layer = 0; layer < 2; ++layer) {
    const auto table = psi.parameters().vector(
        psi.parameters().slice("layer" + std::to_string(layer) + ".attn.alpha"));
    for (Index s = 0; s < 2; ++s)
      for (Index mu = 0; mu < 2; ++mu)
        for (Index i = 0; i < n; ++i)
          for (Index j = 0; j < n; ++j)
            EXPECT_EQ(maps[layer](s * 2 + mu, i * n + j),
                      table[mu * n + patches.displacement(i, j)]);
  }
}

}  // namespace
}  // namespace vitvmc
