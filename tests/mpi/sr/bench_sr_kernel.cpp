// Times the distributed kernel SR solve on random X (rows x params split evenly over the ranks)
// and, for comparison, a plain dgemm with the same per-rank flop count as forming X X^T
// (rows^2 * params / ranks, the SYRK count), run on every rank at once.
//   OPENBLAS_NUM_THREADS=1 mpirun -n R bench_sr_kernel [rows=2048] [params=20000] [repeats=3]
//   [block=64]
#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>

#include "vitvmc/parallel/blacs_grid.hpp"
#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/parallel/environment.hpp"
#include "vitvmc/parallel/redistribute.hpp"
#include "vitvmc/sr/sr_solver.hpp"

namespace {

vitvmc::RealMatrix random_matrix(vitvmc::Index rows, vitvmc::Index cols, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  vitvmc::RealMatrix m(rows, cols);
  for (vitvmc::Index i = 0; i < m.size(); ++i) m.data()[i] = uniform(engine);
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  using vitvmc::Index;
  vitvmc::MpiEnvironment env(argc, argv);
  const vitvmc::Communicator& comm = env.world();
  const Index rows = argc > 1 ? std::atol(argv[1]) : 2048;
  const Index params = argc > 2 ? std::atol(argv[2]) : 20000;
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 3;
  vitvmc::SrSolverOptions options;
  if (argc > 4) options.block_size = std::atoi(argv[4]);
  const int r = comm.rank(), ranks = comm.size();
  const Index first = rows * r / ranks, last = rows * (r + 1) / ranks;
  const vitvmc::RealMatrix x =
      random_matrix(last - first, params, 11 + static_cast<std::uint64_t>(r)) /
      std::sqrt(static_cast<double>(rows));
  const vitvmc::RealVector e =
      random_matrix(last - first, 1, 99 + static_cast<std::uint64_t>(r)).col(0);

  auto solver = vitvmc::make_sr_solver(vitvmc::SolverChoice::kernel, options);
  vitvmc::SrDiagnostics best;
  double best_total = std::numeric_limits<double>::infinity();
  for (int k = 0; k < repeats; ++k) {
    vitvmc::SrDiagnostics diag;
    comm.barrier();
    const double start = MPI_Wtime();
    solver->solve(x, e, 1e-3, comm, &diag);
    double total = MPI_Wtime() - start;
    vitvmc::allreduce_max(std::span<double>(&total, 1), comm);
    if (total < best_total) {
      best_total = total;
      best = diag;
    }
  }

  // The redistribution alone (row blocks -> 64 x 64 block-cyclic), the bulk of seconds_comm.
  double best_scatter = std::numeric_limits<double>::infinity();
  {
    const vitvmc::BlacsGrid grid(comm);
    const vitvmc::RowLayout layout = vitvmc::RowLayout::gather(x.rows(), comm);
    for (int k = 0; k < repeats; ++k) {
      vitvmc::BlockCyclicMatrix xbc(grid, rows, params, options.block_size, options.block_size);
      comm.barrier();
      const double start = MPI_Wtime();
      vitvmc::scatter_row_blocks(x, layout, xbc, comm);
      double total = MPI_Wtime() - start;
      vitvmc::allreduce_max(std::span<double>(&total, 1), comm);
      best_scatter = std::min(best_scatter, total);
    }
  }

  // Same flops per rank as the SYRK share: (rows/2 x params) * (params x rows/ranks).
  const Eigen::MatrixXd a = random_matrix(rows / 2, params, 7);
  const Eigen::MatrixXd b = x.transpose();
  Eigen::MatrixXd c(a.rows(), b.cols());
  double best_gemm = std::numeric_limits<double>::infinity();
  for (int k = 0; k < repeats; ++k) {
    comm.barrier();
    const double start = MPI_Wtime();
    c.noalias() = a * b;
    double total = MPI_Wtime() - start;
    vitvmc::allreduce_max(std::span<double>(&total, 1), comm);
    best_gemm = std::min(best_gemm, total);
  }
  if (r == 0) {
    const double flops =
        static_cast<double>(rows) * static_cast<double>(rows) * static_cast<double>(params);
    std::printf(
        "kernel SR: rows %ld params %ld ranks %d block %d: total %.3f s (matrix %.3f, solve %.3f, "
        "comm "
        "%.3f), "
        "cholesky_failed %d, residual %.2e, X X^T at %.2f GF/s\n",
        static_cast<long>(rows), static_cast<long>(params), ranks, options.block_size, best_total,
        best.seconds_matrix, best.seconds_solve, best.seconds_comm, best.cholesky_failed ? 1 : 0,
        best.residual, flops / best.seconds_matrix * 1e-9);
    std::printf("scatter_row_blocks of X alone: %.3f s\n", best_scatter);
    std::printf("dgemm, same flops (%.3g) split over %d ranks: %.3f s, %.2f GF/s\n", flops, ranks,
                best_gemm, flops / best_gemm * 1e-9);
  }
  return 0;
}
