// Freezing and converting attention maps (model/attention_conversion.hpp) on tiny ViTs.
#include <gtest/gtest.h>

#include <memory>

#include "vit_test_helpers.hpp"
#include "vitvmc/estimator/attention_statistics.hpp"
#include "vitvmc/model/attention_conversion.hpp"
#include "vitvmc/model/vit.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

ModelConfig tiny(AttentionKind attention) {
  ModelConfig c;
  c.attention = attention;
  c.d = 8;
  c.heads = 2;
  c.layers = 2;
  c.patch = 2;
  c.ffn = 2;
  return c;
}

bool is_query_or_key(const std::string& name) {
  return name.find(".attn.Q") != std::string::npos || name.find(".attn.K") != std::string::npos;
}

// The factored model that --attention.freeze builds: `standard` with A(sigma) replaced by the
// mean of its maps over `configs`.
std::unique_ptr<ViTWaveFunction> frozen_on(const SquareLattice& lattice,
                                           const ViTWaveFunction& standard,
                                           const ConfigBatch& configs) {
  std::vector<RealMatrix> mean;
  for (const RealMatrix& maps : standard.attention_maps(configs)) {
    RealMatrix sum;
    add_map_sums(maps, 2, RealVector(), sum);
    mean.push_back(sum / static_cast<Real>(configs.rows()));
  }
  auto frozen =
      std::make_unique<ViTWaveFunction>(lattice, frozen_attention_config(standard.config()));
  set_attention_tables(standard.parameters().slices(), standard.parameters().values(), mean,
                       frozen->parameters(), "--attention.freeze");
  return frozen;
}

// Standard attention with Q = K = 0 has maps softmax(bias), the same for every input: replacing
// them by their mean must leave log psi unchanged.
TEST(AttentionConversion, FreezingInputIndependentMapsKeepsLogPsi) {
  const SquareLattice lattice(4, 4);
  ViTWaveFunction standard(lattice, tiny(AttentionKind::standard));
  test::perturb(standard.parameters(), 0.3, 7);
  for (const ParameterSlice& s : standard.parameters().slices())
    if (is_query_or_key(s.name)) standard.parameters().vector(s).setZero();
  const ConfigBatch configs = test::random_configs(12, lattice.n_sites(), 3);
  const auto frozen = frozen_on(lattice, standard, configs);
  const ComplexVector a = standard.log_psi(configs);
  const ComplexVector b = frozen->log_psi(configs);
  for (Index s = 0; s < configs.rows(); ++s) {
    EXPECT_NEAR(a(s).real(), b(s).real(), 1e-12);
    EXPECT_NEAR(a(s).imag(), b(s).imag(), 1e-12);
  }
}

// With input-dependent maps the frozen model is a different state: the test above can fail.
TEST(AttentionConversion, FreezingInputDependentMapsChangesLogPsi) {
  const SquareLattice lattice(4, 4);
  ViTWaveFunction standard(lattice, tiny(AttentionKind::standard));
  test::perturb(standard.parameters(), 0.5, 8);
  const ConfigBatch configs = test::random_configs(12, lattice.n_sites(), 4);
  const auto frozen = frozen_on(lattice, standard, configs);
  EXPECT_GT((standard.log_psi(configs) - frozen->log_psi(configs)).norm(), 1e-6);
}

// A factored model's own maps, averaged by displacement, are its table: converting gives back
// the same theta.
TEST(AttentionConversion, ConvertingFactoredMapsGivesTheSameTheta) {
  const SquareLattice lattice(4, 4);
  ViTWaveFunction source(lattice, tiny(AttentionKind::factored));
  test::perturb(source.parameters(), 0.3, 9);
  std::vector<RealMatrix> tables;
  for (const RealMatrix& maps : source.attention_maps(test::random_configs(1, 16, 5)))
    tables.push_back(translation_average(maps, source.patches()));
  ViTWaveFunction target(lattice, tiny(AttentionKind::factored));
  set_attention_tables(source.parameters().slices(), source.parameters().values(), tables,
                       target.parameters(), "--init.attention_maps");
  EXPECT_LT((target.parameters().values() - source.parameters().values()).norm(), 1e-13);
}

TEST(AttentionConversion, RefusesTablesOfTheWrongShapeNamingTheOption) {
  const SquareLattice lattice(4, 4);
  const ViTWaveFunction source(lattice, tiny(AttentionKind::standard));
  ViTWaveFunction target(lattice, tiny(AttentionKind::factored));
  const std::vector<RealMatrix> wrong(2, RealMatrix::Zero(2, 16));  // full maps for a table
  try {
    set_attention_tables(source.parameters().slices(), source.parameters().values(), wrong,
                         target.parameters(), "--init.attention_maps");
    FAIL() << "no InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("--init.attention_maps"), std::string::npos);
  }
  const std::vector<RealMatrix> one_layer(1, RealMatrix::Zero(2, 4));
  EXPECT_THROW(set_attention_tables(source.parameters().slices(), source.parameters().values(),
                                    one_layer, target.parameters(), "--init.attention_maps"),
               InvalidInput);
}

}  // namespace
}  // namespace vitvmc
