#include "bench_support.hpp"

#include <algorithm>
#include <utility>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/util/rng.hpp"

namespace vitvmc::bench {

double max_over_ranks(const Communicator& comm, double v) {
  allreduce_max(std::span<double>(&v, 1), comm);
  return v;
}

double sum_over_ranks(const Communicator& comm, double v) {
  allreduce_sum(std::span<double>(&v, 1), comm);
  return v;
}

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

GemmRate rate_of(double flops, const Timing& t) {
  return {flops / t.seconds * 1e-9, t.cpu_seconds > 0 ? flops / t.cpu_seconds * 1e-9 : 0.0};
}

template <class S>
GemmRate gemm_rate(const Communicator& comm, Index m, Index k, Index n, double seconds,
                   Index rounds) {
  const MatrixOf<S> a = MatrixOf<S>::Random(m, k), b = MatrixOf<S>::Random(k, n);
  MatrixOf<S> c(m, n);
  GemmRate best;
  for (Index round = 0; round < rounds; ++round) {
    const Timing t = time_all_ranks(comm, seconds, [&] { c.noalias() = a * b; });
    const GemmRate r = rate_of(comm.size() * t.reps * 2.0 * double(m) * double(k) * double(n), t);
    best.gflops = std::max(best.gflops, r.gflops);
    best.gflops_cpu = std::max(best.gflops_cpu, r.gflops_cpu);
  }
  return best;
}

template GemmRate gemm_rate<double>(const Communicator&, Index, Index, Index, double, Index);
template GemmRate gemm_rate<float>(const Communicator&, Index, Index, Index, double, Index);

ConfigBatch random_configs(Index n_sites, Index batch, int rank) {
  PhiloxStream rng(2024, static_cast<std::uint64_t>(rank));
  ConfigBatch out(batch, n_sites);
  for (Index s = 0; s < batch; ++s) {
    for (Index i = 0; i < n_sites; ++i) out(s, i) = i < n_sites / 2 ? 1 : -1;
    for (Index i = n_sites - 1; i > 0; --i)
      std::swap(out(s, i), out(s, static_cast<Index>(rng.uniform_index(i + 1))));
  }
  return out;
}

}  // namespace vitvmc::bench
