// Distributed SR solvers on 1-4 ranks: equal to the serial Eigen reference and to each other
// (push-through identity), for uneven, empty and interleaved row distributions and odd grids;
// the eigen fallback reproduces the pseudo-inverse; every rank gets the same bits.
#include <gtest/gtest.h>

#include <Eigen/QR>
#include <chrono>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <random>
#include <vector>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/sr/kernel_build.hpp"
#include "vitvmc/sr/serial_sr.hpp"
#include "vitvmc/sr/sr_solver.hpp"
#include "vitvmc/support/mpi_test_env.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/timer.hpp"

namespace vitvmc {
namespace {

using testing_support::world;

/// Deterministic Gaussian matrix, the same on every rank.
RealMatrix gaussian(Index rows, Index cols, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> normal;
  RealMatrix m(rows, cols);
  for (Index i = 0; i < rows; ++i) {
    for (Index j = 0; j < cols; ++j) m(i, j) = normal(engine);
  }
  return m;
}

struct Problem {
  RealMatrix x;  // the whole X, centred and scaled like the VMC engine's
  RealVector e;
};

Problem random_problem(Index rows, Index cols, std::uint64_t seed) {
  Problem p{gaussian(rows, cols, seed), gaussian(rows, 1, seed + 1).col(0)};
  p.x.rowwise() -= p.x.colwise().mean();
  p.x /= std::sqrt(static_cast<double>(rows));
  p.e.array() -= p.e.mean();
  p.e /= std::sqrt(static_cast<double>(rows));
  return p;
}

/// Which global rows this rank holds.
using RowPicker = std::function<bool(Index row, Index rows, int rank, int ranks)>;

Index boundary(Index rows, int r, int ranks, bool first_empty) {
  if (first_empty) return rows * r * (r + 1) / (Index{ranks} * (ranks + 1));
  auto weight = [](Index k) { return 3 * k + k * (k - 1) / 2; };  // rank k holds ~3 + k parts
  return rows * weight(r) / weight(ranks);
}

const std::vector<std::pair<const char*, RowPicker>>& pickers() {
  static const std::vector<std::pair<const char*, RowPicker>> all = {
      {"uneven 3+r",
       [](Index i, Index n, int r, int R) {
         return i >= boundary(n, r, R, false) && i < boundary(n, r + 1, R, false);
       }},
      {"rank 0 empty",
       [](Index i, Index n, int r, int R) {
         return i >= boundary(n, r, R, true) && i < boundary(n, r + 1, R, true);
       }},
      {"interleaved", [](Index i, Index, int r, int R) { return i % R == r; }}};
  return all;
}

Problem local_part(const Problem& whole, const RowPicker& pick, const Communicator& comm) {
  std::vector<Index> mine;
  for (Index i = 0; i < whole.x.rows(); ++i) {
    if (pick(i, whole.x.rows(), comm.rank(), comm.size())) mine.push_back(i);
  }
  Problem local{RealMatrix(static_cast<Index>(mine.size()), whole.x.cols()),
                RealVector(static_cast<Index>(mine.size()))};
  for (std::size_t k = 0; k < mine.size(); ++k) {
    local.x.row(static_cast<Index>(k)) = whole.x.row(mine[k]);
    local.e(static_cast<Index>(k)) = whole.e(mine[k]);
  }
  return local;
}

double relative(const RealVector& a, const RealVector& b) { return (a - b).norm() / b.norm(); }

/// Largest difference between this rank's vector and every other rank's: must be exactly 0.
double spread_across_ranks(const RealVector& v, const Communicator& comm) {
  const auto all =
      allgatherv(std::span<const double>(v.data(), static_cast<std::size_t>(v.size())), comm);
  double spread = 0;
  for (std::size_t k = 0; k < all.size(); ++k) {
    spread = std::max(
        spread, std::abs(all[k] - v(static_cast<Index>(k % static_cast<std::size_t>(v.size())))));
  }
  return spread;
}

RealVector solve(SolverChoice kind, const SrSolverOptions& options, const Problem& local,
                 Real shift, SrDiagnostics& diag) {
  return make_sr_solver(kind, options)->solve(local.x, local.e, shift, world(), &diag);
}

/// The phases a solve reports are time spent inside it: each positive (every phase does work),
/// together at most the wall time measured around the call.
void expect_phases_within(const SrDiagnostics& d, double wall_seconds) {
  EXPECT_GT(d.seconds_matrix, 0.0);
  EXPECT_GT(d.seconds_solve, 0.0);
  EXPECT_GT(d.seconds_comm, 0.0);
  EXPECT_LE(d.seconds_matrix + d.seconds_solve + d.seconds_comm, wall_seconds);
}

bool same_bits(const RealVector& a, const RealVector& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(Real) * static_cast<std::size_t>(a.size())) == 0;
}

TEST(SrSolvers, MatchSerialReferenceAndEachOther) {
  const auto& comm = world();
  const Real shift = 1e-3;
  for (auto [rows, cols] : {std::pair<Index, Index>{40, 25}, std::pair<Index, Index>{30, 70}}) {
    const Problem whole = random_problem(rows, cols, 17 + static_cast<std::uint64_t>(rows));
    const RealVector ref_kernel = solve_sr_serial(whole.x, whole.e, shift, SolverChoice::kernel);
    const RealVector ref_parameter =
        solve_sr_serial(whole.x, whole.e, shift, SolverChoice::parameter);
    ASSERT_LT(relative(ref_kernel, ref_parameter), 1e-8);
    for (const auto& [label, pick] : pickers()) {
      const Problem local = local_part(whole, pick, comm);
      for (int block : {2, 3, 64}) {
        SCOPED_TRACE(testing::Message()
                     << rows << "x" << cols << ", " << label << ", block " << block);
        SrSolverOptions options;
        options.block_size = block;
        SrDiagnostics dk, dp;
        const auto start = std::chrono::steady_clock::now();
        const RealVector kernel = solve(SolverChoice::kernel, options, local, shift, dk);
        const double kernel_wall = seconds_since(start);
        const RealVector parameter = solve(SolverChoice::parameter, options, local, shift, dp);
        EXPECT_LT(relative(kernel, ref_kernel), 1e-10);
        EXPECT_LT(relative(parameter, ref_parameter), 1e-10);
        EXPECT_LT(relative(kernel, parameter), 1e-8);
        EXPECT_EQ(spread_across_ranks(kernel, comm), 0.0);
        EXPECT_EQ(spread_across_ranks(parameter, comm), 0.0);
        EXPECT_EQ(dk.solver, "kernel");
        EXPECT_EQ(dp.solver, "parameter");
        EXPECT_FALSE(dk.cholesky_failed);
        EXPECT_FALSE(dp.cholesky_failed);
        EXPECT_LT(dk.residual, 1e-9);
        EXPECT_LT(dp.residual, 1e-9);
        expect_phases_within(dk, kernel_wall);
      }
    }
  }
}

TEST(SrSolvers, OddGridShapes) {
  const auto& comm = world();
  const Problem whole = random_problem(30, 70, 5);
  const Problem local = local_part(whole, pickers()[0].second, comm);
  for (auto [nprow, npcol] : {std::pair{comm.size(), 1}, std::pair{1, comm.size()},
                              std::pair{1, std::max(1, comm.size() - 1)}}) {
    SCOPED_TRACE(testing::Message() << nprow << "x" << npcol << " grid");
    SrSolverOptions options;
    options.block_size = 2;
    options.nprow = nprow;
    options.npcol = npcol;
    for (const SolverChoice kind : {SolverChoice::kernel, SolverChoice::parameter}) {
      SrDiagnostics diag;
      const RealVector delta = solve(kind, options, local, 1e-3, diag);
      EXPECT_LT(relative(delta, solve_sr_serial(whole.x, whole.e, 1e-3, kind)), 1e-10) << kind;
      EXPECT_EQ(spread_across_ranks(delta, comm), 0.0) << kind;
    }
  }
}

// Both ways of forming X X^T give the serial kernel solution for every row layout, on grids that
// split rows, columns or leave a rank out, with blocks smaller than a rank's rows and column chunks
// that split the columns unevenly (one column per rank per chunk included).
TEST(SrSolvers, KernelRoutesMatchSerialReference) {
  const auto& comm = world();
  const Real shift = 1e-3;
  const Problem whole = random_problem(40, 70, 21);
  const RealVector reference = solve_sr_serial(whole.x, whole.e, shift, SolverChoice::kernel);
  const std::pair<KernelRoute, Index> routes[] = {{KernelRoute::kParameterSlices, 0},
                                                  {KernelRoute::kParameterSlices, 7},
                                                  {KernelRoute::kParameterSlices, 1},
                                                  {KernelRoute::kBlockCyclic, 0}};
  const std::pair<int, int> grids[] = {{0, 0}, {comm.size(), 1}, {1, std::max(1, comm.size() - 1)}};
  for (const auto& [label, pick] : pickers()) {
    const Problem local = local_part(whole, pick, comm);
    for (const auto& [route, chunk] : routes) {
      for (const auto& [nprow, npcol] : grids) {
        for (int block : {3, 64}) {
          SCOPED_TRACE(testing::Message()
                       << label << ", route " << static_cast<int>(route) << ", chunk " << chunk
                       << ", grid " << nprow << "x" << npcol << ", block " << block);
          SrSolverOptions options;
          options.block_size = block;
          options.nprow = nprow;
          options.npcol = npcol;
          options.kernel_route = route;
          options.slice_chunk_columns = chunk;
          SrDiagnostics diag;
          const RealVector delta = solve(SolverChoice::kernel, options, local, shift, diag);
          EXPECT_LT(relative(delta, reference), 1e-10);
          EXPECT_EQ(spread_across_ranks(delta, comm), 0.0);
          EXPECT_LT(diag.residual, 1e-9);
          EXPECT_FALSE(diag.cholesky_failed);
        }
      }
    }
  }
}

TEST(SrSolvers, KernelRouteChoice) {
  using enum KernelRoute;
  // One rank: X is read in place, whatever the sizes.
  EXPECT_EQ(choose_kernel_route(kAuto, 32768, 1000, 1), kParameterSlices);
  // The 10x10 paper model at M = 1024 and 4096 on 2 ranks: N^2 is far below N P / R.
  EXPECT_EQ(choose_kernel_route(kAuto, 2048, 155620, 2), kParameterSlices);
  EXPECT_EQ(choose_kernel_route(kAuto, 8192, 155620, 2), kParameterSlices);
  // The 18x18 production run on 256 ranks: the N x N partial kernel would outweigh X's copy.
  EXPECT_EQ(choose_kernel_route(kAuto, 32768, 440136, 256), kBlockCyclic);
  EXPECT_EQ(choose_kernel_route(kBlockCyclic, 2048, 155620, 1), kBlockCyclic);
}

TEST(SrSolvers, EigenFallbackGivesPseudoInverse) {
  const auto& comm = world();
  constexpr Index kRows = 30, kCols = 25, kRank = 10;
  // Rank-deficient X with an exactly zero row and column: Cholesky of X X^T or X^T X must meet an
  // exactly zero pivot, so with shift 0 the solvers have to fall back.
  Problem whole{gaussian(kRows, kRank, 1) * gaussian(kRank, kCols, 2),
                gaussian(kRows, 1, 3).col(0)};
  whole.x.row(0).setZero();
  whole.x.col(0).setZero();
  const RealVector pinv =
      Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd>(whole.x).solve(whole.e);
  const Problem local = local_part(whole, pickers()[1].second, comm);
  for (const SolverChoice kind : {SolverChoice::kernel, SolverChoice::parameter}) {
    SCOPED_TRACE(name_of(kind));
    const Index null_dim = (kind == SolverChoice::kernel ? kRows : kCols) - kRank;
    SrDiagnostics serial_diag;
    const RealVector serial = solve_sr_serial(whole.x, whole.e, 0.0, kind, 1e-12, &serial_diag);
    EXPECT_TRUE(serial_diag.cholesky_failed);
    EXPECT_EQ(serial_diag.eigen_cutoff_count, null_dim);
    EXPECT_LT(relative(serial, pinv), 1e-8);
    // The kernel's two routes fall back differently: LAPACK dsyevd on rank 0, pdsyevd on the grid.
    for (const KernelRoute route : {KernelRoute::kParameterSlices, KernelRoute::kBlockCyclic}) {
      for (int block : {3, 64}) {
        SCOPED_TRACE(testing::Message()
                     << "route " << static_cast<int>(route) << ", block " << block);
        SrSolverOptions options;
        options.block_size = block;
        options.kernel_route = route;
        SrDiagnostics diag;
        const RealVector delta = solve(kind, options, local, 0.0, diag);
        EXPECT_TRUE(diag.cholesky_failed);
        EXPECT_EQ(diag.eigen_cutoff_count, null_dim);
        EXPECT_LT(relative(delta, pinv), 1e-8);
        EXPECT_LT(diag.residual, 1e-6);
        EXPECT_EQ(spread_across_ranks(delta, comm), 0.0);
      }
    }
  }
}

TEST(SrSolvers, NonFiniteInputGivesNonFiniteStepOnEveryRank) {
  const auto& comm = world();
  Problem local = local_part(random_problem(12, 9, 4), pickers()[0].second, comm);
  if (comm.rank() == comm.size() - 1) local.e(0) = std::numeric_limits<double>::quiet_NaN();
  for (const SolverChoice kind : {SolverChoice::kernel, SolverChoice::parameter}) {
    SrDiagnostics diag;
    const RealVector delta = solve(kind, SrSolverOptions{}, local, 1e-3, diag);
    ASSERT_EQ(delta.size(), 9);
    EXPECT_TRUE(delta.array().isNaN().all()) << kind;
    EXPECT_TRUE(std::isnan(diag.residual)) << kind;
  }
}

// One BLACS grid per solver: built by the first solve and reused by the next ones (same bits),
// built again only for a communicator over other processes. A driver keeps one solver for the whole
// run.
TEST(SrSolvers, OneGridForTheSolversLifetime) {
  const auto& comm = world();
  const Problem whole = random_problem(30, 70, 8);
  const Problem local = local_part(whole, pickers()[0].second, comm);
  for (const SolverChoice kind : {SolverChoice::kernel, SolverChoice::parameter}) {
    SCOPED_TRACE(name_of(kind));
    const std::unique_ptr<SrSolver> solver = make_sr_solver(kind, SrSolverOptions{});
    SrDiagnostics first, second, third;
    const auto start = std::chrono::steady_clock::now();
    const RealVector a = solver->solve(local.x, local.e, 1e-3, comm, &first);
    const double first_wall = seconds_since(start);
    const RealVector b = solver->solve(local.x, local.e, 1e-3, comm, &second);
    EXPECT_TRUE(first.grid_built);
    EXPECT_FALSE(second.grid_built);
    EXPECT_TRUE(same_bits(a, b));
    expect_phases_within(first, first_wall);
    // Rank 0 alone: another group of processes (unless it is the whole world) needs its own grid.
    const Communicator solo = comm.split(comm.rank() == 0 ? 0 : 1, comm.rank());
    if (comm.rank() == 0) {
      SrDiagnostics d;
      const RealVector c = solver->solve(whole.x, whole.e, 1e-3, solo, &d);
      EXPECT_EQ(d.grid_built, comm.size() > 1);
      EXPECT_LT(relative(c, solve_sr_serial(whole.x, whole.e, 1e-3, kind)), 1e-10);
    }
    // Back on the world: every rank rebuilds together when rank 0's grid served another group.
    const RealVector again = solver->solve(local.x, local.e, 1e-3, comm, &third);
    EXPECT_EQ(third.grid_built, comm.size() > 1);
    EXPECT_TRUE(same_bits(a, again));
  }
}

TEST(SrSolvers, RefusesAnUnresolvedKind) {
  EXPECT_THROW(make_sr_solver(SolverChoice::automatic, SrSolverOptions{}), std::logic_error);
  EXPECT_THROW(
      solve_sr_serial(RealMatrix::Ones(2, 2), RealVector::Ones(2), 0.1, SolverChoice::automatic),
      std::logic_error);
}

}  // namespace
}  // namespace vitvmc
