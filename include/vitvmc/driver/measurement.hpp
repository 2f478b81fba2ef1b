#pragma once
/// \file measurement.hpp
/// Observables of a trained state from fresh samples (what vmc_measure reports): E/N with its
/// error, variance and heavy-tail diagnostics, the structure factor, for a plain ViT the attention
/// maps, optionally the energy with frozen attention; in exact mode the weight profile. Markov
/// chains sample |psi|^q (--sampler.psi_power, importance-weighted back to |psi|^2) and continue
/// the checkpoint's saved chains when their number, seed and q are those of the measurement.

#include <optional>
#include <string>
#include <vector>

#include "vitvmc/driver/attention_measurement.hpp"
#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/estimator/statistics.hpp"
#include "vitvmc/estimator/structure_factor.hpp"
#include "vitvmc/estimator/weight_profile.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/measurement_file.hpp"

namespace vitvmc {

/// What to measure besides what ctx.config says (the run's configuration with the overrides).
struct MeasureRequest {
  std::string checkpoint;     ///< its path
  Index samples = 0;          ///< fresh samples (rounded up to a multiple of the chains)
  bool freeze = false;        ///< --attention.freeze
  Real run_psi_power = 2;     ///< the |psi|^q the run's saved chains sampled
  bool keep_samples = false;  ///< gather every sample's E_loc and weight on rank 0
};

/// Every sample of a measurement in global order (chain-major for Markov chains, sector order in
/// exact mode), on rank 0 only.
struct MeasuredSamples {
  ComplexVector e_loc;
  RealVector weight;        ///< the sample's share of the estimate: 1/M, w/sum w, or p(row)
  RealVector multiplicity;  ///< exact mode over orbits: basis states per row (else 1)
};

/// How the Markov chains of a measurement started.
enum class ChainStart {
  kExact,     ///< no chains: the sector is enumerated
  kRestored,  ///< the checkpoint's chains continue
  kRewarmed,  ///< the checkpoint's chains, warmed up again for another psi_power
  kNew,       ///< new chains (another count or seed), warmed up
};

struct StructureFactorStatistics {
  WaveVector q;
  EnergyStatistics stats;  ///< energy_per_site = S(q), error_per_site = its error (n_sites 1)
};

struct Measurement {
  std::string checkpoint;
  Index step = 0;
  Index n_sites = 0;
  Index lx = 0, ly = 0;
  Index gx = 0, gy = 0;  ///< patch grid
  Real psi_power = 2;    ///< the chains sampled |psi|^psi_power (2 in exact mode)
  ChainStart chains = ChainStart::kExact;
  EnergyStatistics energy;  ///< with its tail diagnostics
  Real acceptance = 0;
  std::vector<StructureFactorStatistics> structure;
  std::optional<AttentionMeasurement> attention;
  std::optional<EnergyStatistics> frozen;  ///< --attention.freeze: A(sigma) -> mean map
  std::string model;                       ///< the model's description
  Index n_params = 0;
  double forward_flops_per_sample = 0;     ///< ViT only
  std::optional<WeightProfile> profile;    ///< exact mode: where probability and variance lie
  std::optional<MeasuredSamples> samples;  ///< MeasureRequest::keep_samples, rank 0

  bool exact() const { return chains == ChainStart::kExact; }
};

/// Measures the state of `saved` (read_trained_state(request.checkpoint, 0, ...)) with ctx's
/// configuration. Collective. Throws InvalidInput for options that do not fit (too few chains,
/// --attention.freeze on another model) and CheckpointError for a checkpoint of another problem.
Measurement measure_trained_state(const RunContext& ctx, const CheckpointData& saved,
                                  const MeasureRequest& request);

/// The content of the --output file of a measurement.
MeasurementFile measurement_file(const Measurement& m);

}  // namespace vitvmc
