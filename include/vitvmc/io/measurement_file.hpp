#pragma once
/// \file measurement_file.hpp
/// The `vmc_measure --output FILE.h5` format ("vitvmc measurement", docs/running.md): its writer,
/// and the reader of its attention maps that --init.attention_maps uses. Serial HDF5 (one rank
/// writes, every rank may read); every dataset carries `units` and `description` attributes.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "vitvmc/types.hpp"

namespace vitvmc {

/// A measurement file is missing, unreadable or lacks what was asked for.
class MeasurementFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What the file holds, as plain numbers (the driver fills it from its Measurement).
struct MeasurementFile {
  std::string checkpoint;  ///< the measured checkpoint's path
  Index step = 0;

  struct Energy {
    Real per_site = 0;
    Real error_per_site = 0;
    Real variance = 0;
    Real variance_error = 0;  ///< standard error of the variance (NaN: unknown)
    Real v_score = 0;
    Real samples = 0;
    Real psi_power = 2;  ///< the chains sampled |psi|^psi_power (2 in exact mode)
  } energy;

  struct StructureFactor {
    std::string name;  ///< group name: pi_pi, pi_0
    Real qx = 0, qy = 0;
    Real value = 0, error = 0;
  };
  std::vector<StructureFactor> structure_factor;

  /// Attention maps of a plain ViT (empty otherwise): n patches on a gx x gy grid, h heads.
  struct AttentionLayer {
    RealMatrix mean;             ///< h x (n * n)
    RealVector spread;           ///< h
    RealMatrix by_displacement;  ///< h x (gx * gy)
  };
  Index patches = 0, gx = 0, gy = 0;
  std::vector<AttentionLayer> attention;
  /// Decoupled attention: the same statistics for each additive term of the maps (softmax,
  /// position), written under /attention_terms/<name>/layer<l>/.
  struct AttentionTerm {
    std::string name;
    std::vector<AttentionLayer> layers;
  };
  std::vector<AttentionTerm> attention_terms;

  struct Frozen {
    Real energy_per_site = 0, error_per_site = 0;
  };
  std::optional<Frozen> freeze;  ///< --attention.freeze

  /// Every sample (vmc_measure --output.samples): local energy, weight, multiplicity.
  struct Samples {
    ComplexVector e_loc;
    RealVector weight;
    RealVector multiplicity;
  };
  std::optional<Samples> samples;
};

/// Writes `m` to `path` (created or truncated). Call on one rank. Throws H5Error.
void write_measurement_file(const std::string& path, const MeasurementFile& m);

/// The per-head tables /attention/layer<l>/<dataset> (dataset: mean or by_displacement) of layers
/// 0 .. layers-1, each as h rows. Throws MeasurementFileError naming the file and what is missing.
std::vector<RealMatrix> read_attention_tables(const std::string& path, const std::string& dataset,
                                              Index layers);

}  // namespace vitvmc
