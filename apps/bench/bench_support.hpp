#pragma once
/// \file bench_support.hpp
/// What every vmc_bench measurement shares: timing on all ranks at once (wall clock of the slowest
/// rank, and its CPU time), the gemm calibrations the fractions divide by, random configurations.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <string>

#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc::bench {

double max_over_ranks(const Communicator& comm, double v);
double sum_over_ranks(const Communicator& comm, double v);

/// CPU seconds of this process (all threads). On a shared machine it moves far less than the wall
/// clock: other jobs take the core away, but not the cycles the work needs.
double process_cpu_seconds();

/// One timed measurement: repetitions, the slowest rank's wall seconds and its CPU seconds.
struct Timing {
  double reps = 0.0;
  double seconds = 0.0;
  double cpu_seconds = 0.0;
};

/// Runs `fn` on all ranks at once (after a barrier), the same number of times on every rank, for
/// about `seconds`: a first timed call sizes the repetitions; when it alone takes over half the
/// budget it is the measurement.
template <class Fn>
Timing time_all_ranks(const Communicator& comm, double seconds, Fn&& fn);

/// A gemm rate in GFLOP/s summed over ranks, per wall second and per CPU second.
struct GemmRate {
  double gflops = 0.0;
  double gflops_cpu = 0.0;
};

/// All ranks running C = A B (m x k times k x n) at once through Eigen -> BLAS, in double (dgemm)
/// or float (sgemm); the best of `rounds` calibrations.
template <class S>
GemmRate gemm_rate(const Communicator& comm, Index m, Index k, Index n, double seconds,
                   Index rounds);

/// Rate from `flops` done by all ranks together in `t`.
GemmRate rate_of(double flops, const Timing& t);

/// `batch` random S^z = 0 configurations of `n_sites` spins, a different stream on every rank.
ConfigBatch random_configs(Index n_sites, Index batch, int rank);

// ---- implementation of the template -------------------------------------------------------------

template <class Fn>
Timing time_all_ranks(const Communicator& comm, double seconds, Fn&& fn) {
  const auto timed = [&](double reps) {
    comm.barrier();
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = process_cpu_seconds();
    for (double r = 0; r < reps; ++r) fn();
    const double cpu = process_cpu_seconds() - c0;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return Timing{reps, max_over_ranks(comm, wall), max_over_ranks(comm, cpu)};
  };
  const Timing first = timed(1.0);
  if (first.seconds >= 0.5 * seconds) return first;
  return timed(std::max(1.0, std::ceil(seconds / std::max(first.seconds, 1e-9))));
}

}  // namespace vitvmc::bench
