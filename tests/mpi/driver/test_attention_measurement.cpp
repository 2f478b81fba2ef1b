// measure_attention over 1, 2 and 3 ranks agrees with the serial sums over all samples, for Markov
// samples (1/M each) and for exact-mode weights, for the maps and for their terms (decoupled).
#include <gtest/gtest.h>

#include <string>

#include "../../unit/model/vit_test_helpers.hpp"
#include "vitvmc/driver/attention_measurement.hpp"
#include "vitvmc/estimator/attention_statistics.hpp"
#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/support/mpi_test_env.hpp"

namespace vitvmc {
namespace {

constexpr Index kSamples = 23;  // not a multiple of 2 or 3: uneven blocks

struct Serial {
  std::vector<RealMatrix> mean;
  std::vector<RealVector> spread;
};

// Every sample on one process, straight from the estimator functions: the maps, or (term >= 0)
// term `term` of the maps.
Serial serial(const ViTWaveFunction& vit, const ConfigBatch& all, const RealVector& w,
              int term = -1) {
  const RealVector weights = w.size() ? w : RealVector::Constant(all.rows(), 1.0 / all.rows());
  Serial s;
  std::vector<RealMatrix> maps = vit.attention_maps(all);
  if (term >= 0) {
    maps.clear();
    for (const auto& layer : vit.attention_map_terms(all))
      maps.push_back(layer[static_cast<std::size_t>(term)].maps);
  }
  for (const RealMatrix& m : maps) {
    RealMatrix sum;
    add_map_sums(m, vit.config().heads, weights, sum);
    RealVector spread;
    add_spread_sums(m, vit.config().heads, sum, weights, spread);
    s.spread.push_back(relative_spread(spread, sum));
    s.mean.push_back(sum);
  }
  return s;
}

void expect_serial(const MapStatistics& a, const Serial& expected) {
  ASSERT_EQ(a.mean.size(), 2u);
  for (std::size_t l = 0; l < 2; ++l) {
    EXPECT_LT((a.mean[l] - expected.mean[l]).cwiseAbs().maxCoeff(), 1e-13) << "layer " << l;
    EXPECT_LT((a.spread[l] - expected.spread[l]).cwiseAbs().maxCoeff(), 1e-12) << "layer " << l;
  }
}

void check(bool weighted, AttentionKind attention) {
  const Communicator& comm = testing_support::world();
  const SquareLattice lattice(4, 4);
  ModelConfig c;
  c.attention = attention;
  c.d = 8;
  c.heads = 2;
  c.layers = 2;
  c.ffn = 2;
  ViTWaveFunction vit(lattice, c);
  test::perturb(vit.parameters(), 0.5, 11);
  const ConfigBatch all = test::random_configs(kSamples, lattice.n_sites(), 12);
  RealVector w;
  if (weighted) {
    w = RealVector::LinSpaced(kSamples, 1.0, 3.0);
    w /= w.sum();
  }
  const Serial expected = serial(vit, all, w);

  // This rank's block of samples.
  const Index per = kSamples / comm.size(), extra = kSamples % comm.size();
  const Index first = comm.rank() * per + std::min<Index>(comm.rank(), extra);
  const Index count = per + (comm.rank() < extra ? 1 : 0);
  SampleBatch batch;
  batch.configs = all.middleRows(first, count);
  if (weighted) batch.weights = w.segment(first, count);
  const AttentionMeasurement a = measure_attention(vit, batch, lattice, comm);

  expect_serial(a, expected);
  for (std::size_t l = 0; l < 2; ++l) {
    EXPECT_GT(a.spread[l].minCoeff(), 1e-4);  // softmax attention: the maps do depend on sigma
    EXPECT_EQ(a.by_displacement[l].cols(), vit.patches().n_patches());
  }
  // Decoupled attention: the softmax term varies, the position term does not.
  const std::vector<std::string> names = vit.attention(0).map_term_names();
  ASSERT_EQ(a.terms.size(), names.size());
  for (std::size_t t = 0; t < names.size(); ++t) {
    EXPECT_EQ(a.terms[t].name, names[t]);
    expect_serial(a.terms[t].stats, serial(vit, all, w, static_cast<int>(t)));
  }
  if (attention == AttentionKind::decoupled)
    for (std::size_t l = 0; l < 2; ++l) {
      EXPECT_GT(a.terms[0].stats.spread[l].minCoeff(), 1e-4);
      EXPECT_LT(a.terms[1].stats.spread[l].maxCoeff(), 1e-12);
    }
}

TEST(AttentionMeasurement, MarkovSamplesAgreeWithSerial) { check(false, AttentionKind::standard); }
TEST(AttentionMeasurement, ExactWeightsAgreeWithSerial) { check(true, AttentionKind::standard); }
TEST(AttentionMeasurement, DecoupledTermsAgreeWithSerial) {
  check(false, AttentionKind::decoupled);
  check(true, AttentionKind::decoupled);
}

}  // namespace
}  // namespace vitvmc
