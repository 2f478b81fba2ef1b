#pragma once
/// \file sr_bench.hpp
/// The SR kernel on a random X of the run's size: sr_kernel times forming T = X X^T (the 2M x P
/// real system's X, rows split over the ranks as the VMC engine splits samples); sr_solve times
/// the Cholesky solve of T + shift (the matrix build reported apart). One JSON line each.

#include "bench_options.hpp"
#include "model_bench.hpp"
#include "vitvmc/parallel/communicator.hpp"

namespace vitvmc::bench {

/// p: columns of X (the model's P unless --bench.sr_params was given).
void bench_sr_kernel(const BenchOptions& o, Index p, const Communicator& comm,
                     const Calibration& cal);
void bench_sr_solve(const BenchOptions& o, const Communicator& comm, const Calibration& cal);

}  // namespace vitvmc::bench
