#pragma once
/// \file step_bench.hpp
/// `--bench.what step`: whole VMC steps of the configured run (vmc_dist's options and --config),
/// every phase timed and its model rows counted; one JSON line with seconds_per_step, phases and
/// fraction_of_dgemm (the step's counted flops over the same-run dgemm rate).

#include "bench_options.hpp"
#include "model_bench.hpp"
#include "vitvmc/driver/run_context.hpp"

namespace vitvmc::bench {

void bench_step(const BenchOptions& o, const RunContext& ctx, const Calibration& cal);

}  // namespace vitvmc::bench
