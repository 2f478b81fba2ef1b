#include "vitvmc/driver/attention_measurement.hpp"

#include <algorithm>
#include <span>

#include "vitvmc/estimator/attention_statistics.hpp"
#include "vitvmc/lattice/translation.hpp"
#include "vitvmc/parallel/collectives.hpp"

namespace vitvmc {
namespace {

constexpr Index kChunk = 256;  // samples per attention_maps call: bounded memory

/// Every set of maps measured, in order: each layer's maps, then for each term of the maps (none
/// but for decoupled attention) each layer's term.
std::vector<RealMatrix> map_sets(const ViTWaveFunction& vit, const ConfigBatch& configs,
                                 std::size_t n_terms) {
  std::vector<RealMatrix> sets = vit.attention_maps(configs);
  if (n_terms == 0) return sets;
  std::vector<std::vector<AttentionMapTerm>> terms = vit.attention_map_terms(configs);
  for (std::size_t t = 0; t < n_terms; ++t)
    for (std::vector<AttentionMapTerm>& layer : terms) sets.push_back(std::move(layer[t].maps));
  return sets;
}

/// Calls f(map sets, weights) for each chunk of this rank's samples.
template <class F>
void for_each_chunk(const ViTWaveFunction& vit, const SampleBatch& batch, std::size_t n_terms,
                    F&& f) {
  for (Index start = 0; start < batch.configs.rows(); start += kChunk) {
    const Index len = std::min(kChunk, batch.configs.rows() - start);
    const RealVector w =
        batch.weighted() ? RealVector(batch.weights.segment(start, len)) : RealVector();
    f(map_sets(vit, batch.configs.middleRows(start, len), n_terms), w);
  }
}

/// Statistics of map sets first .. first + count - 1 (one per layer).
MapStatistics layers_of(const std::vector<RealMatrix>& mean, const std::vector<RealVector>& spread,
                        std::size_t first, std::size_t count, const PatchMap& patches) {
  MapStatistics m;
  for (std::size_t l = first; l < first + count; ++l) {
    m.mean.push_back(mean[l]);
    m.spread.push_back(spread[l]);
    m.by_displacement.push_back(translation_average(mean[l], patches));
  }
  return m;
}

/// Sums every rank's matrices (same shapes on all ranks) in rank order.
std::vector<RealMatrix> reduce(const std::vector<RealMatrix>& local, const Communicator& comm) {
  std::vector<Real> flat;
  for (const RealMatrix& m : local) flat.insert(flat.end(), m.data(), m.data() + m.size());
  const std::vector<Real> total = allreduce_sum_deterministic(std::span<const Real>(flat), comm);
  std::vector<RealMatrix> out;
  std::size_t at = 0;
  for (const RealMatrix& m : local) {
    out.push_back(Eigen::Map<const RealMatrix>(total.data() + at, m.rows(), m.cols()));
    at += static_cast<std::size_t>(m.size());
  }
  return out;
}

/// Every row of an orbit batch under each translation of `group`, with weight / |group|: each
/// state of an orbit of size m appears |group| / m times, so it carries its own |psi|^2 / Z.
SampleBatch expand_orbits(const SampleBatch& batch, const SquareLattice& lattice,
                          const std::vector<Translation>& group) {
  const auto g = static_cast<Index>(group.size());
  SampleBatch out;
  out.configs.resize(batch.configs.rows() * g, batch.configs.cols());
  out.weights.resize(batch.configs.rows() * g);
  for (Index t = 0; t < g; ++t) {
    const std::vector<Index> dest = destination_sites(lattice, group[static_cast<std::size_t>(t)]);
    for (Index r = 0; r < batch.configs.rows(); ++r) {
      for (Index s = 0; s < batch.configs.cols(); ++s)
        out.configs(r * g + t, dest[static_cast<std::size_t>(s)]) = batch.configs(r, s);
      out.weights(r * g + t) = batch.weights(r) / static_cast<Real>(g);
    }
  }
  return out;
}

}  // namespace

AttentionMeasurement measure_attention(const ViTWaveFunction& vit, const SampleBatch& orbit_batch,
                                       const SquareLattice& lattice, const Communicator& comm) {
  const bool orbits = orbit_batch.weighted() && orbit_batch.multiplicity.size() > 0;
  const SampleBatch expanded =
      orbits ? expand_orbits(orbit_batch, lattice,
                             translations_by(lattice, vit.config().patch, vit.config().patch))
             : SampleBatch();
  const SampleBatch& batch = orbits ? expanded : orbit_batch;
  const ModelConfig& c = vit.config();
  const Index h = c.heads;
  const Index n = vit.patches().n_patches();
  const auto layers = static_cast<std::size_t>(c.layers);
  const std::vector<std::string> terms = vit.attention(0).map_term_names();
  const std::size_t sets = layers * (1 + terms.size());
  // Markov samples: divide by the global count; exact weights already sum to 1.
  Real count[1] = {batch.weighted() ? 0.0 : static_cast<Real>(batch.configs.rows())};
  allreduce_sum(std::span<Real>(count, 1), comm);
  const Real norm = batch.weighted() ? 1.0 : 1.0 / count[0];

  std::vector<RealMatrix> sums(sets, RealMatrix::Zero(h, n * n));
  for_each_chunk(vit, batch, terms.size(),
                 [&](const std::vector<RealMatrix>& maps, const RealVector& w) {
                   for (std::size_t k = 0; k < sets; ++k) add_map_sums(maps[k], h, w, sums[k]);
                 });
  std::vector<RealMatrix> mean;
  for (const RealMatrix& s : reduce(sums, comm)) mean.push_back(norm * s);

  std::vector<RealMatrix> spreads(sets, RealMatrix::Zero(h, 1));
  for_each_chunk(vit, batch, terms.size(),
                 [&](const std::vector<RealMatrix>& maps, const RealVector& w) {
                   for (std::size_t k = 0; k < sets; ++k) {
                     RealVector s = spreads[k].col(0);
                     add_spread_sums(maps[k], h, mean[k], w, s);
                     spreads[k].col(0) = s;
                   }
                 });
  const std::vector<RealMatrix> total = reduce(spreads, comm);
  std::vector<RealVector> spread;
  for (std::size_t k = 0; k < sets; ++k)
    spread.push_back(relative_spread(norm * RealVector(total[k].col(0)), mean[k]));

  AttentionMeasurement a;
  static_cast<MapStatistics&>(a) = layers_of(mean, spread, 0, layers, vit.patches());
  a.heads = h;
  a.patches = n;
  for (std::size_t t = 0; t < terms.size(); ++t)
    a.terms.push_back({terms[t], layers_of(mean, spread, (1 + t) * layers, layers, vit.patches())});
  return a;
}

}  // namespace vitvmc
