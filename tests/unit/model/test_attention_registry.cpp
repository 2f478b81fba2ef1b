// The attention registry: every kind is an option value and builds its own layer, and what each
// type declares about itself (Attention's virtual methods) agrees with what its layers do.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "vit_test_helpers.hpp"
#include "vitvmc/model/layers/attention_registry.hpp"
#include "vitvmc/model/vit.hpp"

namespace vitvmc {
namespace {

using test::small_vit_config;

// Every token of VITVMC_ATTENTION_KINDS is a --model.attention value (config/kinds.hpp).
TEST(AttentionRegistry, EveryKindIsAnOptionValue) {
  std::set<std::string> seen;
  for (const AttentionKind kind : test::every_attention()) {
    EXPECT_EQ(kind_from_name<AttentionKind>(name_of(kind)), kind);
    seen.insert(std::string(name_of(kind)));
  }
  EXPECT_EQ(seen, (std::set<std::string>{"factored", "standard", "decoupled"}));
}

// The prototype has the layer's slices: standard and decoupled add Q and K to the table, V and W.
TEST(AttentionRegistry, EachKindBuildsItsOwnLayer) {
  const Index d = 8, heads = 2, n = 4;  // 4x4 lattice, 2x2 patches
  const Index table = heads * n, dense = d * d + d;
  EXPECT_EQ(attention_prototype(small_vit_config(AttentionKind::factored), 4, 4)->n_params(),
            table + 2 * dense);
  EXPECT_EQ(attention_prototype(small_vit_config(AttentionKind::standard), 4, 4)->n_params(),
            table + 4 * dense);
  EXPECT_EQ(attention_prototype(small_vit_config(AttentionKind::decoupled), 4, 4)->n_params(),
            table + 4 * dense);
}

// input_dependent_maps: the maps of two configurations differ exactly when it is set.
// map_term_names: the names of ViTWaveFunction::attention_map_terms, in order.
TEST(AttentionRegistry, DeclaredMapPropertiesMatchTheLayers) {
  const SquareLattice lattice(4, 4);
  const ConfigBatch configs = test::random_configs(2, lattice.n_sites(), 31);
  for (const AttentionKind kind : test::every_attention()) {
    SCOPED_TRACE(name_of(kind));
    ViTWaveFunction psi(lattice, small_vit_config(kind));
    test::perturb(psi.parameters(), 0.5, 32);
    const Attention& layer = psi.attention(0);
    for (const RealMatrix& maps : psi.attention_maps(configs)) {
      const Real change = (maps.topRows(2) - maps.bottomRows(2)).cwiseAbs().maxCoeff();
      if (layer.input_dependent_maps())
        EXPECT_GT(change, 1e-6);
      else
        EXPECT_EQ(change, 0.0);
    }
    for (const auto& terms : psi.attention_map_terms(configs)) {
      ASSERT_EQ(terms.size(), layer.map_term_names().size());
      for (std::size_t t = 0; t < terms.size(); ++t)
        EXPECT_EQ(terms[t].name, layer.map_term_names()[t]);
    }
  }
}

// table_is_weight: adding c to every table entry adds c to every entry of the first layer's maps
// (a weight), or leaves them unchanged (a logit inside a softmax, which is shift invariant).
TEST(AttentionRegistry, DeclaredTableRoleMatchesTheLayers) {
  const SquareLattice lattice(4, 4);
  const ConfigBatch configs = test::random_configs(2, lattice.n_sites(), 33);
  const Real c = 0.25;
  for (const AttentionKind kind : test::every_attention()) {
    SCOPED_TRACE(name_of(kind));
    ViTWaveFunction psi(lattice, small_vit_config(kind));
    test::perturb(psi.parameters(), 0.5, 34);
    const std::vector<RealMatrix> before = psi.attention_maps(configs);
    for (const ParameterSlice& s : psi.parameters().slices())
      if (s.name.find(".attn.alpha") != std::string::npos) psi.parameters().vector(s).array() += c;
    // The first layer's input does not depend on the tables (later layers' inputs may).
    const RealMatrix change = psi.attention_maps(configs)[0] - before[0];
    const Real expected = psi.attention(0).table_is_weight() ? c : 0.0;
    EXPECT_LT((change.array() - expected).abs().maxCoeff(), 1e-14);
  }
}

// The cost the plan and the FLOP count use (paper size on 10x10: n = 25, d = 60, h = 10): queries
// and keys cost the same in every softmax type; a factored layer caches one shared map set, the
// others their maps per sample, decoupled also its softmax term.
TEST(AttentionRegistry, CostsFollowTheLayerStructure) {
  ModelConfig m = small_vit_config(AttentionKind::factored);
  m.d = 60;
  m.heads = 10;
  const double n = 25, d = 60, h = 10;
  const AttentionCost f = attention_prototype(m, 10, 10)->cost();
  m.attention = AttentionKind::standard;
  const AttentionCost s = attention_prototype(m, 10, 10)->cost();
  m.attention = AttentionKind::decoupled;
  const AttentionCost dec = attention_prototype(m, 10, 10)->cost();
  EXPECT_EQ(f.multiply_adds, 2 * n * d * d + n * n * d);
  EXPECT_EQ(s.multiply_adds, 4 * n * d * d + 2 * n * n * d);
  EXPECT_EQ(dec.multiply_adds, s.multiply_adds);
  EXPECT_EQ(f.cache_shared, h * n * n);
  EXPECT_EQ(f.cache_per_sample, 0.0);
  EXPECT_EQ(s.cache_per_sample, h * n * n);
  EXPECT_EQ(dec.cache_per_sample, 2 * h * n * n);
  EXPECT_EQ(s.cache_per_row, 2 * d);
  EXPECT_EQ(dec.cache_per_row, s.cache_per_row);
  EXPECT_EQ(dec.reverse_per_row, s.reverse_per_row);
}

}  // namespace
}  // namespace vitvmc
