#pragma once
/// \file model_bench.hpp
/// The network's three kernels on random configurations: forward (log psi), Jacobian (log psi
/// and O), local energy (all connected configurations); one JSON line per measurement and
/// precision, and a precision_check line when both precisions run.

#include <memory>
#include <string>
#include <vector>

#include "bench_options.hpp"
#include "bench_support.hpp"
#include "vitvmc/driver/run_context.hpp"

namespace vitvmc::bench {

/// The gemm rates the fractions divide by: double for float64 lines, float for float32.
struct Calibration {
  GemmRate dgemm;
  GemmRate dgemm_shape;  ///< the ViT's largest GEMM shape, (B n) x d times d x f
  GemmRate sgemm;        ///< measured only when float32 runs
  GemmRate sgemm_shape;
};

/// The calibrations of a run (best of --bench.rounds, about 1 s each).
Calibration calibrate(const BenchOptions& o, const RunContext& ctx);

class ModelBench {
 public:
  /// One model per precision, built from the same seed (the same theta), and the batch.
  ModelBench(const BenchOptions& o, const RunContext& ctx);
  /// Measures `what` (forward, jacobian or local_energy); prints its lines on rank 0.
  void measure(Measurement what, const Calibration& cal) const;
  /// With both precisions: how far float32 moves log psi and E_loc (rank 0 prints).
  void precision_check() const;
  Index n_params() const { return models_.front()->n_params(); }

 private:
  const BenchOptions& options_;
  const RunContext& ctx_;
  std::vector<Precision> precisions_;
  std::vector<std::unique_ptr<WaveFunction>> models_;
  ConfigBatch configs_;
};

}  // namespace vitvmc::bench
