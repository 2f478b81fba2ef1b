#include "vitvmc/estimator/attention_statistics.hpp"

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

Real weight_of(const RealVector& weights, Index s) {
  return weights.size() == 0 ? 1.0 : weights(s);
}

Index samples_of(const RealMatrix& maps, Index heads, const RealVector& weights) {
  VITVMC_REQUIRE(heads > 0 && maps.rows() % heads == 0, "maps rows are not samples x heads");
  const Index batch = maps.rows() / heads;
  VITVMC_REQUIRE(weights.size() == 0 || weights.size() == batch, "one weight per sample needed");
  return batch;
}

}  // namespace

void add_map_sums(const RealMatrix& maps, Index heads, const RealVector& weights, RealMatrix& sum) {
  const Index batch = samples_of(maps, heads, weights);
  if (sum.size() == 0) sum = RealMatrix::Zero(heads, maps.cols());
  VITVMC_REQUIRE(sum.rows() == heads && sum.cols() == maps.cols(), "map sum has the wrong shape");
  for (Index s = 0; s < batch; ++s)
    sum += weight_of(weights, s) * maps.middleRows(s * heads, heads);
}

void add_spread_sums(const RealMatrix& maps, Index heads, const RealMatrix& mean,
                     const RealVector& weights, RealVector& spread) {
  const Index batch = samples_of(maps, heads, weights);
  VITVMC_REQUIRE(mean.rows() == heads && mean.cols() == maps.cols(), "mean has the wrong shape");
  if (spread.size() == 0) spread = RealVector::Zero(heads);
  for (Index s = 0; s < batch; ++s)
    for (Index mu = 0; mu < heads; ++mu)
      spread(mu) += weight_of(weights, s) * (maps.row(s * heads + mu) - mean.row(mu)).norm();
}

RealVector relative_spread(const RealVector& spread_mean, const RealMatrix& mean) {
  VITVMC_REQUIRE(spread_mean.size() == mean.rows(), "one spread per head needed");
  RealVector d(spread_mean.size());
  for (Index mu = 0; mu < d.size(); ++mu) d(mu) = spread_mean(mu) / mean.row(mu).norm();
  return d;
}

RealMatrix translation_average(const RealMatrix& maps, const PatchMap& patches) {
  const Index n = patches.n_patches();
  VITVMC_REQUIRE(maps.cols() == n * n, "maps are not n x n per head");
  RealMatrix out = RealMatrix::Zero(maps.rows(), n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j) out.col(patches.displacement(i, j)) += maps.col(i * n + j);
  return out / static_cast<Real>(n);
}

}  // namespace vitvmc
