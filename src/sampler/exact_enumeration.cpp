#include "vitvmc/sampler/exact_enumeration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "vitvmc/util/block_partition.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {

ExactEnumeration::ExactEnumeration(Index n_sites, Index batch_rows)
    : basis_(n_sites), orbits_(basis_), batch_rows_(batch_rows) {
  VITVMC_REQUIRE(batch_rows > 0, "batch_rows must be positive");
}

ExactEnumeration::ExactEnumeration(const SquareLattice& lattice,
                                   const std::vector<Translation>& group, Index batch_rows)
    : basis_(lattice.n_sites()), orbits_(basis_, lattice, group), batch_rows_(batch_rows) {
  VITVMC_REQUIRE(batch_rows > 0, "batch_rows must be positive");
}

SampleBatch ExactEnumeration::exact_samples(const WaveFunction& psi, Index begin, Index end) const {
  VITVMC_REQUIRE(0 <= begin && begin <= end && end <= size(), "row range out of bounds");
  VITVMC_REQUIRE(psi.n_sites() == basis_.n_sites(), "model and basis disagree on n_sites");
  const Index n = basis_.n_sites();
  SampleBatch batch;
  batch.exact = true;
  batch.first_chain = begin;
  batch.configs.resize(end - begin, n);
  batch.log_psi.resize(end - begin);
  for (Index k = begin; k < end; ++k)
    basis_.fill_config(orbits_.representative(k), batch.configs.row(k - begin).data());
  if (!orbits_.trivial()) {
    batch.multiplicity.resize(end - begin);
    for (Index k = begin; k < end; ++k)
      batch.multiplicity(k - begin) = static_cast<Real>(orbits_.multiplicity(k));
  }
  // Chunks bound the model's working memory; rows are independent, so chunking changes nothing.
  for (Index lo = 0; lo < end - begin; lo += batch_rows_) {
    const Index rows = std::min(batch_rows_, end - begin - lo);
    const ConfigBatch chunk = batch.configs.middleRows(lo, rows);
    batch.log_psi.segment(lo, rows) = psi.log_psi(chunk);
  }
  return batch;
}

void ExactEnumeration::verify_invariance(const WaveFunction& psi, Index orbits) const {
  if (orbits_.trivial()) return;
  const Index checked = std::min(orbits, orbits_.size());
  std::vector<Index> members;
  for (Index i = 0; i < basis_.size(); ++i)
    if (orbits_.orbit_of(i) < checked) members.push_back(i);
  ConfigBatch configs(static_cast<Index>(members.size()), basis_.n_sites());
  for (std::size_t r = 0; r < members.size(); ++r)
    basis_.fill_config(members[r], configs.row(static_cast<Index>(r)).data());
  const ComplexVector log_psi = psi.log_psi(configs);
  std::vector<Complex> of_orbit(static_cast<std::size_t>(checked));
  for (std::size_t r = 0; r < members.size(); ++r) {
    const Index k = orbits_.orbit_of(members[r]);
    if (members[r] == orbits_.representative(k)) of_orbit[static_cast<std::size_t>(k)] = log_psi(r);
  }
  for (std::size_t r = 0; r < members.size(); ++r) {
    const Complex expected = of_orbit[static_cast<std::size_t>(orbits_.orbit_of(members[r]))];
    const Complex got = log_psi(static_cast<Index>(r));
    if (std::abs(got - expected) > 1e-9 * (1 + std::abs(expected)))
      throw std::logic_error(
          "exact summation over orbits: the model is not invariant under its "
          "translations (basis state " +
          std::to_string(members[r]) + ")");
  }
}

std::pair<Index, Index> ExactEnumeration::split_range(Index size, int rank, int n_ranks) {
  VITVMC_REQUIRE(n_ranks > 0 && rank >= 0 && rank < n_ranks, "bad rank / rank count");
  const auto [begin, count] = block_partition(size, rank, n_ranks);
  return {begin, begin + count};
}

LogWeightSum local_log_weight_sum(const SampleBatch& batch, Real power) {
  LogWeightSum part{-std::numeric_limits<Real>::infinity(), 0.0};
  if (batch.log_psi.size() == 0) return part;
  part.max = power * batch.log_psi.real().maxCoeff();
  const bool counted = batch.multiplicity.size() > 0;
  for (Index i = 0; i < batch.log_psi.size(); ++i) {
    part.sum += (counted ? batch.multiplicity(i) : 1.0) *
                std::exp(power * batch.log_psi(i).real() - part.max);
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

void normalise_weights(SampleBatch& batch, Real log_z, Real power) {
  batch.weights = (power * batch.log_psi.real().array() - log_z).exp().matrix();
  if (batch.multiplicity.size() > 0) batch.weights.array() *= batch.multiplicity.array();
}

}  // namespace vitvmc
