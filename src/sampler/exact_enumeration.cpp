#include "vitvmc/sampler/exact_enumeration.hpp"
#include "vitvmc/util/block_partition.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "vitvmc/util/error.hpp"

namespace vitvmc {

ExactEnumeration::ExactEnumeration(Index n_sites, Index batch_rows)
    : basis_(n_sites), batch_rows_(batch_rows) {
  VITVMC_REQUIRE(batch_rows > 0, "batch_rows must be positive");
}

SampleBatch ExactEnumeration::exact_samples(const WaveFunction& psi, Index begin, Index end) const {
  VITVMC_REQUIRE(0 <= begin && begin <= end && end <= size(), "basis range out of bounds");
  VITVMC_REQUIRE(psi.n_sites() == basis_.n_sites(), "model and basis disagree on n_sites");
  const Index n = basis_.n_sites();
  SampleBatch batch;
  batch.first_chain = begin;
  batch.configs.resize(end - begin, n);
  batch.log_psi.resize(end - begin);
  for (Index i = begin; i < end; ++i) basis_.fill_config(i, batch.configs.row(i - begin).data());
  // Chunks bound the model's working memory; rows are independent, so chunking changes nothing.
  for (Index lo = 0; lo < end - begin; lo += batch_rows_) {
    const Index rows = std::min(batch_rows_, end - begin - lo);
    const ConfigBatch chunk = batch.configs.middleRows(lo, rows);
    batch.log_psi.segment(lo, rows) = psi.log_psi(chunk);
  }
  return batch;
}

std::pair<Index, Index> ExactEnumeration::split_range(Index size, int rank, int n_ranks) {
  VITVMC_REQUIRE(n_ranks > 0 && rank >= 0 && rank < n_ranks, "bad rank / rank count");
  const auto [begin, count] = block_partition(size, rank, n_ranks);
  return {begin, begin + count};
}

LogWeightSum local_log_weight_sum(const SampleBatch& batch) {
  LogWeightSum part{-std::numeric_limits<Real>::infinity(), 0.0};
  if (batch.log_psi.size() == 0) return part;
  part.max = 2 * batch.log_psi.real().maxCoeff();
  for (Index i = 0; i < batch.log_psi.size(); ++i) {
    part.sum += std::exp(2 * batch.log_psi(i).real() - part.max);
  }
  return part;
}

Real combine_log_weight_sums(const std::vector<LogWeightSum>& parts) {
  Real max = -std::numeric_limits<Real>::infinity();
  for (const LogWeightSum& p : parts) max = std::max(max, p.max);
  VITVMC_REQUIRE(std::isfinite(max), "log Z of an empty or vanishing wave function");
  Real sum = 0;
  for (const LogWeightSum& p : parts) {
    if (p.sum > 0) sum += p.sum * std::exp(p.max - max);
  }
  return max + std::log(sum);
}

void normalise_weights(SampleBatch& batch, Real log_z) {
  batch.weights = (2 * batch.log_psi.real().array() - log_z).exp().matrix();
}

}  // namespace vitvmc
