// Freezing and converting attention maps (model/attention_conversion.hpp) on tiny ViTs.
#include <gtest/gtest.h>

#include <memory>

#include "vit_test_helpers.hpp"
#include "vitvmc/estimator/attention_statistics.hpp"
#include "vitvmc/model/attention_conversion.hpp"
#include "vitvmc/model/layers/attention_registry.hpp"
#include "vitvmc/model/vit.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

using test::is_query_or_key;
using test::small_vit_config;

/// The registered types whose maps depend on the input: the ones --attention.freeze accepts.
std::vector<AttentionKind> input_dependent_types() {
  std::vector<AttentionKind> kinds;
  for (const AttentionKind kind : test::every_attention())
    if (attention_prototype(small_vit_config(kind), 4, 4)->input_dependent_maps())
      kinds.push_back(kind);
  return kinds;
}

// The factored model that --attention.freeze builds: `source` with A(sigma) replaced by the
// mean of its maps over `configs`.
std::unique_ptr<ViTWaveFunction> frozen_on(const SquareLattice& lattice,
                                           const ViTWaveFunction& source,
                                           const ConfigBatch& configs) {
  std::vector<RealMatrix> mean;
  for (const RealMatrix& maps : source.attention_maps(configs)) {
    RealMatrix sum;
    add_map_sums(maps, 2, RealVector(), sum);
    mean.push_back(sum / static_cast<Real>(configs.rows()));
  }
  auto frozen =
      std::make_unique<ViTWaveFunction>(lattice, frozen_attention_config(source.config()));
  set_attention_tables(source.parameters().slices(), source.parameters().values(), mean,
                       frozen->parameters(), "--attention.freeze");
  return frozen;
}

// Standard (decoupled) attention with Q = K = 0 has maps softmax(bias) (1/n + table), the same
// for every input: replacing them by their mean must leave log psi unchanged.
TEST(AttentionConversion, FreezingInputIndependentMapsKeepsLogPsi) {
  const SquareLattice lattice(4, 4);
  for (AttentionKind attention : input_dependent_types()) {
    ViTWaveFunction source(lattice, small_vit_config(attention));
    test::perturb(source.parameters(), 0.3, 7);
    for (const ParameterSlice& s : source.parameters().slices())
      if (is_query_or_key(s.name)) source.parameters().vector(s).setZero();
    const ConfigBatch configs = test::random_configs(12, lattice.n_sites(), 3);
    const auto frozen = frozen_on(lattice, source, configs);
    const ComplexVector a = source.log_psi(configs);
    const ComplexVector b = frozen->log_psi(configs);
    for (Index s = 0; s < configs.rows(); ++s) {
      EXPECT_NEAR(a(s).real(), b(s).real(), 1e-12) << attention;
      EXPECT_NEAR(a(s).imag(), b(s).imag(), 1e-12) << attention;
    }
  }
}

// With input-dependent maps the frozen model is a different state: the test above can fail.
TEST(AttentionConversion, FreezingInputDependentMapsChangesLogPsi) {
  const SquareLattice lattice(4, 4);
  for (AttentionKind attention : input_dependent_types()) {
    ViTWaveFunction source(lattice, small_vit_config(attention));
    test::perturb(source.parameters(), 0.5, 8);
    const ConfigBatch configs = test::random_configs(12, lattice.n_sites(), 4);
    const auto frozen = frozen_on(lattice, source, configs);
    EXPECT_GT((source.log_psi(configs) - frozen->log_psi(configs)).norm(), 1e-6) << attention;
  }
}

// A factored model's own maps, averaged by displacement, are its table: converting gives back
// the same theta.
TEST(AttentionConversion, ConvertingFactoredMapsGivesTheSameTheta) {
  const SquareLattice lattice(4, 4);
  ViTWaveFunction source(lattice, small_vit_config(AttentionKind::factored));
  test::perturb(source.parameters(), 0.3, 9);
  std::vector<RealMatrix> tables;
  for (const RealMatrix& maps : source.attention_maps(test::random_configs(1, 16, 5)))
    tables.push_back(translation_average(maps, source.patches()));
  ViTWaveFunction target(lattice, small_vit_config(AttentionKind::factored));
  set_attention_tables(source.parameters().slices(), source.parameters().values(), tables,
                       target.parameters(), "--init.attention_maps");
  EXPECT_LT((target.parameters().values() - source.parameters().values()).norm(), 1e-13);
}

TEST(AttentionConversion, RefusesTablesOfTheWrongShapeNamingTheOption) {
  const SquareLattice lattice(4, 4);
  const ViTWaveFunction source(lattice, small_vit_config(AttentionKind::standard));
  ViTWaveFunction target(lattice, small_vit_config(AttentionKind::factored));
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
