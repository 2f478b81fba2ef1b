// measure_attention over 1, 2 and 3 ranks agrees with the serial sums over all samples, for Markov
// samples (1/M each) and for exact-mode weights.
#include <gtest/gtest.h>

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

// Every sample on one process, straight from the estimator functions.
Serial serial(const ViTWaveFunction& vit, const ConfigBatch& all, const RealVector& w) {
  const RealVector weights = w.size() ? w : RealVector::Constant(all.rows(), 1.0 / all.rows());
  Serial s;
  const std::vector<RealMatrix> maps = vit.attention_maps(all);
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

void check(bool weighted) {
  const Communicator& comm = testing_support::world();
  const SquareLattice lattice(4, 4);
  ModelConfig c;
  c.attention = AttentionKind::standard;
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

  ASSERT_EQ(a.mean.size(), 2u);
  for (std::size_t l = 0; l < 2; ++l) {
    EXPECT_LT((a.mean[l] - expected.mean[l]).cwiseAbs().maxCoeff(), 1e-13) << "layer " << l;
    EXPECT_LT((a.spread[l] - expected.spread[l]).cwiseAbs().maxCoeff(), 1e-12) << "layer " << l;
    EXPECT_GT(a.spread[l].minCoeff(), 1e-4);  // standard attention: the maps do depend on sigma
    EXPECT_EQ(a.by_displacement[l].cols(), vit.patches().n_patches());
  }
}

TEST(AttentionMeasurement, MarkovSamplesAgreeWithSerial) { check(false); }
TEST(AttentionMeasurement, ExactWeightsAgreeWithSerial) { check(true); }

}  // namespace
}  // namespace vitvmc
