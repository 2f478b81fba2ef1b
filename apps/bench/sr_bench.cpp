#include "sr_bench.hpp"

#include <chrono>
#include <cmath>
#include <iostream>
#include <stdexcept>
#include <vector>

#include "vitvmc/parallel/blacs_grid.hpp"
#include "vitvmc/parallel/block_cyclic_matrix.hpp"
#include "vitvmc/parallel/redistribute.hpp"
#include "vitvmc/sr/kernel_build.hpp"
#include "vitvmc/sr/spd_solve.hpp"
#include "vitvmc/util/block_partition.hpp"
#include "vitvmc/util/json.hpp"
#include "vitvmc/util/proc_memory.hpp"

namespace vitvmc::bench {
namespace {

constexpr int kBlock = 64;

/// This rank's rows of a random n x p X (entries uniform in [-1, 1) / sqrt(n), like centred,
/// 1/sqrt(M)-scaled log-derivatives): a cheap hash per entry, so 1e9 entries take seconds.
RealMatrix random_rows(Index n, Index p, const Communicator& comm) {
  const auto [first, count] = block_partition(n, comm.rank(), comm.size());
  RealMatrix x(count, p);
  const double scale = 1.0 / std::sqrt(static_cast<double>(n));
  for (Index i = 0; i < count; ++i) {
    std::uint64_t state = 0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(first + i + 1);
    for (Index j = 0; j < p; ++j) {
      state ^= state >> 12;
      state ^= state << 25;
      state ^= state >> 27;
      const std::uint64_t bits = state * 0x2545F4914F6CDD1Dull;
      x(i, j) = (static_cast<double>(bits >> 11) * 0x1p-52 - 1.0) * scale;
    }
  }
  return x;
}

}  // namespace

void bench_sr_kernel(const BenchOptions& o, Index p, const Communicator& comm,
                     const Calibration& cal) {
  const Index n = o.sr_rows;
  const RealMatrix x_local = random_rows(n, p, comm);
  const RealVector e_local = RealVector::Zero(x_local.rows());
  const RowLayout layout = RowLayout::gather(x_local.rows(), comm);
  const BlacsGrid grid(comm);
  const KernelRoute route = choose_kernel_route(o.sr_route, n, p, comm.size());
  const DistributedSrSystem system{x_local, e_local, layout, p, n, 0.0, kBlock, grid, comm};
  const bool on_root_route = route == KernelRoute::kParameterSlices;
  BlockCyclicMatrix kernel(grid, on_root_route ? 0 : n, on_root_route ? 0 : n, kBlock, kBlock);
  std::vector<double> on_root;
  // Rounds keep the best; every round forms the whole kernel again, as the solver does: on rank 0
  // (slices) or on the grid (block-cyclic).
  Timing best;
  SrDiagnostics best_diag;
  for (Index round = 0; round < o.rounds; ++round) {
    comm.barrier();
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = process_cpu_seconds();
    SrStopwatch clock;
    SrDiagnostics d;
    if (on_root_route) {
      form_kernel_on_root(system, 0, 0, on_root, &clock, d);
    } else {
      build_kernel_block_cyclic(system, kernel, &clock, d);
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const Timing t{1.0, max_over_ranks(comm, wall),
                   max_over_ranks(comm, process_cpu_seconds() - c0)};
    d.seconds_comm = max_over_ranks(comm, d.seconds_comm);
    d.seconds_matrix = max_over_ranks(comm, d.seconds_matrix);
    if (round == 0 || t.seconds < best.seconds) {
      best = t;
      best_diag = d;
    }
  }
  const double peak = max_over_ranks(comm, peak_resident_bytes());
  // Lower triangle with the diagonal: n (n + 1) / 2 dot products of length p, 2 flops per term.
  const double flops = static_cast<double>(n) * static_cast<double>(n + 1) * static_cast<double>(p);
  const GemmRate rate = rate_of(flops, best);
  if (comm.rank() != 0) return;
  Json j;
  j["what"] = "sr_kernel";
  j["sr_rows"] = n;
  j["sr_params"] = p;
  j["ranks"] = comm.size();
  j["grid"] = {grid.nprow(), grid.npcol()};
  j["route"] = name_of(route);
  j["seconds"] = json_number(best.seconds);
  j["cpu_seconds"] = json_number(best.cpu_seconds);
  j["seconds_comm"] = json_number(best_diag.seconds_comm);
  j["seconds_matrix"] = json_number(best_diag.seconds_matrix);
  j["gflops"] = json_number(rate.gflops);
  j["dgemm_gflops"] = json_number(cal.dgemm.gflops);
  j["fraction_of_dgemm"] = json_number(rate.gflops / cal.dgemm.gflops);
  j["fraction_of_dgemm_cpu"] = json_number(rate.gflops_cpu / cal.dgemm.gflops_cpu);
  j["peak_bytes_per_rank"] = json_number(peak);
  std::cout << json_text(j) << std::endl;
}

void bench_sr_solve(const BenchOptions& o, const Communicator& comm, const Calibration& cal) {
  using Clock = std::chrono::steady_clock;
  // The solve's cost does not depend on X's columns: a few hundred make a well-conditioned T.
  const Index n = o.sr_rows, p = o.sr_params > 0 ? o.sr_params : 256;
  const RowLayout layout = [&] {
    const auto [first, count] = block_partition(n, comm.rank(), comm.size());
    return RowLayout::gather(count, comm);
  }();
  const BlacsGrid grid(comm);
  // The solver's route for these sizes: rank 0 solves (LAPACK) after the slices route, the grid
  // (ScaLAPACK) after the block-cyclic one.
  const KernelRoute route = choose_kernel_route(o.sr_route, n, p, comm.size());
  const bool on_root = route == KernelRoute::kParameterSlices;
  BlockCyclicMatrix kernel(grid, on_root ? 0 : n, on_root ? 0 : n, kBlock, kBlock);
  BlockCyclicMatrix rhs(grid, on_root ? 0 : n, 1, kBlock, kBlock);
  std::vector<double> t;
  comm.barrier();
  auto t0 = Clock::now();
  {
    const RealMatrix x_local = random_rows(n, p, comm);
    const RealVector e_local = RealVector::Zero(x_local.rows());
    const DistributedSrSystem system{x_local, e_local, layout, p, n, 0.0, kBlock, grid, comm};
    SrDiagnostics untimed;
    if (on_root) {
      form_kernel_on_root(system, 0, 0, t, nullptr, untimed);
    } else {
      build_kernel_block_cyclic(system, kernel, nullptr, untimed);
    }
  }
  if (grid.in_grid()) kernel.add_to_diagonal(1e-3);
  if (on_root && comm.rank() == 0)
    for (Index i = 0; i < n; ++i) t[static_cast<std::size_t>(i * n + i)] += 1e-3;
  rhs.local().setOnes();
  const double matrix_s =
      max_over_ranks(comm, std::chrono::duration<double>(Clock::now() - t0).count());
  comm.barrier();
  t0 = Clock::now();
  bool failed = false;
  if (on_root) {
    RealVector y = RealVector::Ones(n);
    if (comm.rank() == 0) failed = !cholesky_solve_dense(t.data(), n, y.data());
  } else {
    failed = solve_spd_with_fallback(kernel, rhs, 1e-12, comm, [](BlockCyclicMatrix&) {
               throw std::runtime_error("sr_solve bench: Cholesky failed on a shifted kernel");
             }).cholesky_failed;
  }
  const double solve_s =
      max_over_ranks(comm, std::chrono::duration<double>(Clock::now() - t0).count());
  const double peak = max_over_ranks(comm, peak_resident_bytes());
  const double nd = static_cast<double>(n);
  const double flops = nd * nd * nd / 3 + 2 * nd * nd;  // Cholesky + the solve with one right side
  if (comm.rank() != 0) return;
  Json j;
  j["what"] = "sr_solve";
  j["sr_rows"] = n;
  j["ranks"] = comm.size();
  j["route"] = name_of(route);
  j["grid"] = {grid.nprow(), grid.npcol()};
  j["block"] = kBlock;
  j["kernel_bytes_per_rank"] =
      on_root ? 8.0 * nd * nd
              : 8.0 * static_cast<double>(kernel.local_rows() * kernel.local_cols());
  j["peak_bytes_per_rank"] = json_number(peak);
  j["seconds"] = json_number(solve_s);
  j["gflops"] = json_number(flops / solve_s * 1e-9);
  j["dgemm_gflops"] = json_number(cal.dgemm.gflops);
  j["fraction_of_dgemm"] =
      json_number(cal.dgemm.gflops > 0 ? flops / solve_s * 1e-9 / cal.dgemm.gflops : 0.0);
  j["cholesky_failed"] = failed;
  j["matrix_seconds"] = json_number(matrix_s);
  j["matrix_params"] = p;
  std::cout << json_text(j) << std::endl;
}

}  // namespace vitvmc::bench
