#pragma once
/// \file sr_precision_bench.hpp
/// `--bench.what sr_precision`: would a float32 SR kernel do? After --bench.warmup_steps steps of
/// the configured run it builds one step's real 2M x P system and solves the kernel SR equation
/// with T = X X^T formed in float64 (the reference), in float32 (ssyrk, float accumulation) and in
/// float32 products summed in float64 over blocks of columns; one JSON line with each update's
/// relative distance from the float64 update. One rank (the whole system on it).

#include "bench_options.hpp"
#include "vitvmc/driver/run_context.hpp"

namespace vitvmc::bench {

void bench_sr_precision(const BenchOptions& o, const RunContext& ctx);

}  // namespace vitvmc::bench
