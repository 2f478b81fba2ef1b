// Decoupled attention (the paper's Eq. 5): alpha = softmax(q.k / sqrt(d_h)) + a[(J - I) mod grid].
// Its derivatives, batching, float32 pass and translation invariance are covered with every other
// registered type (test_vit_gradients.cpp, test_vit.cpp, test_vit_precision.cpp); here: the
// paper's remark that Q = K = 0 gives factored attention shifted by 1/n, and the two map terms.

#include <gtest/gtest.h>

#include <iostream>
#include <string>

#include "vit_test_helpers.hpp"
#include "vitvmc/model/attention_conversion.hpp"
#include "vitvmc/model/vit.hpp"

namespace vitvmc {
namespace {

using test::is_query_or_key;
using test::small_vit_config;

/// Per layer, the decoupled model's position table plus `shift`, as h x (per head).
std::vector<RealMatrix> shifted_tables(const ViTWaveFunction& psi, Real shift) {
  std::vector<RealMatrix> tables;
  const ParameterStore& p = psi.parameters();
  for (Index l = 0; l < psi.config().layers; ++l) {
    const ParameterSlice& s = p.slice("layer" + std::to_string(l) + ".attn.alpha");
    const RealVector table = p.vector(s);
    RealMatrix t = Eigen::Map<const RealMatrix>(table.data(), s.shape[0], s.size() / s.shape[0]);
    tables.push_back(t.array() + shift);
  }
  return tables;
}

// With Q = K = 0 and zero q/k biases the softmax is uniform, 1/n: the decoupled layer is the
// factored one with every alpha shifted by 1/n. Both models are built; the factored one gets the
// decoupled model's embedding, V, W, layer norms, FFN and head, and its tables + 1/n.
TEST(DecoupledAttention, WithoutQueriesAndKeysIsFactoredShiftedByOneOverN) {
  for (const auto& [lx, ly] : {std::pair<Index, Index>{4, 4}, {6, 4}, {8, 8}}) {
    for (const bool full : {false, true}) {
      const SquareLattice lattice(lx, ly);
      ViTWaveFunction decoupled(lattice, small_vit_config(AttentionKind::decoupled, full));
      test::perturb(decoupled.parameters(), 0.3, 21);
      for (const ParameterSlice& s : decoupled.parameters().slices())
        if (is_query_or_key(s.name)) decoupled.parameters().vector(s).setZero();
      const Index n = decoupled.patches().n_patches();
      const Real uniform = 1.0 / static_cast<Real>(n);

      ViTWaveFunction factored(lattice, small_vit_config(AttentionKind::factored, full));
      set_attention_tables(decoupled.parameters().slices(), decoupled.parameters().values(),
                           shifted_tables(decoupled, uniform), factored.parameters(), "test");
      const ConfigBatch configs = test::random_configs(64, lattice.n_sites(), 22);
      // The maps agree bit for bit: both are fl(a + fl(1/n)).
      const std::vector<RealMatrix> a = decoupled.attention_maps(configs);
      const std::vector<RealMatrix> b = factored.attention_maps(configs);
      for (std::size_t l = 0; l < a.size(); ++l) EXPECT_EQ(a[l], b[l]) << "layer " << l;
      // log psi to round-off (per-sample and shared GEMMs sum in different orders).
      const ComplexVector x = decoupled.log_psi(configs);
      const ComplexVector y = factored.log_psi(configs);
      const Real deviation = (x - y).cwiseAbs().maxCoeff();
      EXPECT_LT(deviation, 1e-12 * std::max(1.0, x.cwiseAbs().maxCoeff()));
      std::cout << "[measured] " << lx << "x" << ly << (full ? " full-alpha" : "")
                << ": max |log psi(decoupled, Q = K = 0) - log psi(factored, alpha + 1/n)| "
                << deviation << ", max |log psi| " << x.cwiseAbs().maxCoeff() << "\n";

      // Without the shift the models differ: the comparison above can fail.
      ViTWaveFunction unshifted(lattice, small_vit_config(AttentionKind::factored, full));
      set_attention_tables(decoupled.parameters().slices(), decoupled.parameters().values(),
                           shifted_tables(decoupled, 0.0), unshifted.parameters(), "test");
      EXPECT_GT((x - unshifted.log_psi(configs)).cwiseAbs().maxCoeff(), 1e-3);
    }
  }
}

// The maps are the softmax term (rows sum to 1, input-dependent) plus the position term (the
// table by displacement, the same for every sample), and the two add up to them.
TEST(DecoupledAttention, MapsAreTheSoftmaxTermPlusThePositionTerm) {
  const SquareLattice lattice(6, 4);
  ViTWaveFunction psi(lattice, small_vit_config(AttentionKind::decoupled, false));
  test::perturb(psi.parameters(), 0.5, 23);
  const ConfigBatch configs = test::random_configs(3, lattice.n_sites(), 24);
  const std::vector<RealMatrix> maps = psi.attention_maps(configs);
  const auto terms = psi.attention_map_terms(configs);
  const PatchMap& patches = psi.patches();
  const Index n = patches.n_patches();
  ASSERT_EQ(terms.size(), 2u);
  for (std::size_t l = 0; l < terms.size(); ++l) {
    ASSERT_EQ(terms[l].size(), 2u);
    EXPECT_EQ(terms[l][0].name, "softmax");
    EXPECT_EQ(terms[l][1].name, "position");
    const RealMatrix& softmax = terms[l][0].maps;
    const RealMatrix& position = terms[l][1].maps;
    EXPECT_EQ(maps[l], softmax + position);
    EXPECT_GT(softmax.minCoeff(), 0.0);
    for (Index r = 0; r < softmax.rows(); ++r)
      for (Index i = 0; i < n; ++i) EXPECT_NEAR(softmax.row(r).segment(i * n, n).sum(), 1.0, 1e-14);
    EXPECT_GT((softmax.row(0) - softmax.row(4)).cwiseAbs().maxCoeff(), 1e-6);  // samples 0, 2
    const auto table = psi.parameters().vector(
        psi.parameters().slice("layer" + std::to_string(l) + ".attn.alpha"));
    for (Index s = 0; s < 3; ++s)
      for (Index mu = 0; mu < 2; ++mu)
        for (Index i = 0; i < n; ++i)
          for (Index j = 0; j < n; ++j)
            EXPECT_EQ(position(s * 2 + mu, i * n + j), table[mu * n + patches.displacement(i, j)]);
  }
}

// The other types have no terms.
TEST(DecoupledAttention, OnlyDecoupledMapsHaveTerms) {
  const SquareLattice lattice(4, 4);
  const ConfigBatch configs = test::random_configs(2, lattice.n_sites(), 25);
  for (const AttentionKind attention : {AttentionKind::factored, AttentionKind::standard})
    for (const auto& layer :
         ViTWaveFunction(lattice, small_vit_config(attention, false)).attention_map_terms(configs))
      EXPECT_TRUE(layer.empty()) << attention;
}

}  // namespace
}  // namespace vitvmc
