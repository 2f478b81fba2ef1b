#pragma once
/// \file attention_measurement.hpp
/// The mean attention maps of a ViT and their spread D over the samples of all ranks
/// (estimator/attention_statistics.hpp): two passes over this rank's samples, each followed by a
/// deterministic reduction over ranks, so the result does not depend on the rank count beyond
/// rounding. Markov samples count 1/M each; exact-mode samples carry their |psi|^2 / Z weight.

#include <string>
#include <vector>

#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/model/vit.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/sampler/sample_batch.hpp"

namespace vitvmc {

/// The statistics of one set of maps, per layer.
struct MapStatistics {
  std::vector<RealMatrix> mean;             ///< per layer: h x (n * n), Abar at column I * n + J
  std::vector<RealVector> spread;           ///< per layer: D per head
  std::vector<RealMatrix> by_displacement;  ///< per layer: h x n, the translation-averaged mean
};

/// A named additive term of the maps (ViTWaveFunction::attention_map_terms) and its statistics.
struct MapTermStatistics {
  std::string name;
  MapStatistics stats;
};

/// The maps' statistics, and those of each of their terms when the attention type has terms
/// (decoupled: "softmax", the input-dependent term, and "position", the table, whose D is 0).
struct AttentionMeasurement : MapStatistics {
  Index heads = 0;
  Index patches = 0;  ///< n
  std::vector<MapTermStatistics> terms;
};

/// Collective over `comm`; every rank gets the same result. `batch` holds this rank's samples
/// (possibly none). An exact-mode batch over translation orbits (multiplicities present) stands for
/// every state of each orbit: the maps are averaged over the group of translations by the patch
/// side (the orbits' group for a plain ViT), which maps patches onto patches, so that Abar is the
/// mean over the whole sector and not over the orbit representatives.
AttentionMeasurement measure_attention(const ViTWaveFunction& vit, const SampleBatch& batch,
                                       const SquareLattice& lattice, const Communicator& comm);

}  // namespace vitvmc
