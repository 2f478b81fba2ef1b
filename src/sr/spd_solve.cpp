#include "vitvmc/sr/spd_solve.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/parallel/scalapack_api.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

constexpr int kOne = 1;

bool local_finite(const BlockCyclicMatrix& m) { return m.local().allFinite(); }

/// Whether any rank reports `flag`.
bool any_rank(bool flag, const Communicator& comm) {
  int count = flag ? 1 : 0;
  allreduce_sum(std::span<int>(&count, 1), comm);
  return count > 0;
}

/// c = op(a) * b with pdgemm; a is n x n, b and c are n x 1.
void multiply(const char* trans, const BlockCyclicMatrix& a, const BlockCyclicMatrix& b,
              BlockCyclicMatrix& c) {
  const int n = static_cast<int>(a.rows()), one_col = 1;
  const double alpha = 1.0, beta = 0.0;
  scalapack::pdgemm_(trans, "N", &n, &one_col, &n, &alpha, a.data(), &kOne, &kOne, a.descriptor(),
                     b.data(), &kOne, &kOne, b.descriptor(), &beta, c.data(), &kOne, &kOne,
                     c.descriptor());
}

/// Eigenvalues (ascending, on every grid process) and eigenvectors z of symmetric a (destroyed).
std::vector<double> eigendecompose(BlockCyclicMatrix& a, BlockCyclicMatrix& z) {
  const int n = static_cast<int>(a.rows());
  std::vector<double> w(static_cast<std::size_t>(n));
  int info = 0, lwork = -1, liwork = -1, iwork_query = 0;
  double work_query = 0;
  scalapack::pdsyevd_("V", "L", &n, a.data(), &kOne, &kOne, a.descriptor(), w.data(), z.data(),
                      &kOne, &kOne, z.descriptor(), &work_query, &lwork, &iwork_query, &liwork,
                      &info, 1, 1);
  VITVMC_REQUIRE(info == 0, "pdsyevd workspace query failed with info " + std::to_string(info));
  // The query under-reports when nb > N (PDORMTR then rejects its share of LWORK): take the larger
  // of it and the documented minimum max(1 + 6N + 2 NP NQ, TRILWMIN) + 2N, plus PDORMTR's need.
  const long np = a.local_rows(), nq = a.local_cols(), nb = a.nb(), big_n = n;
  const long trilwmin = 3 * big_n + std::max(nb * (np + 1), 3 * nb);
  const long documented = std::max(1 + 6 * big_n + 2 * np * nq, trilwmin) + 2 * big_n;
  const long ormtr = std::max(nb * (nb - 1) / 2, (np + nq) * nb) + nb * nb;
  const long needed = std::max(static_cast<long>(work_query) + 1, documented) + ormtr;
  VITVMC_REQUIRE(needed <= std::numeric_limits<int>::max(), "pdsyevd: workspace exceeds an int");
  lwork = static_cast<int>(needed);
  liwork = std::max(iwork_query, 7 * n + 8 * a.grid().npcol() + 2);
  std::vector<double> work(static_cast<std::size_t>(lwork));
  std::vector<int> iwork(static_cast<std::size_t>(liwork));
  scalapack::pdsyevd_("V", "L", &n, a.data(), &kOne, &kOne, a.descriptor(), w.data(), z.data(),
                      &kOne, &kOne, z.descriptor(), work.data(), &lwork, iwork.data(), &liwork,
                      &info, 1, 1);
  VITVMC_REQUIRE(info >= 0, "pdsyevd: illegal argument " + std::to_string(-info));
  if (info > 0)
    throw std::runtime_error("pdsyevd failed to converge (info " + std::to_string(info) + ")");
  return w;
}

/// b <- sum over kept eigenpairs of v (v^T b) / w. Returns the number of dropped eigenvalues.
Index eigen_solve(BlockCyclicMatrix& a, BlockCyclicMatrix& b, Real rcond,
                  const Communicator& comm) {
  const BlacsGrid& grid = a.grid();
  BlockCyclicMatrix z(grid, a.rows(), a.cols(), a.mb(), a.nb());
  std::vector<double> w(static_cast<std::size_t>(a.rows()));
  if (grid.in_grid()) w = eigendecompose(a, z);
  // Only grid process (0, 0) is trusted with W: other processes reported different cutoff counts
  // in the 1x2 grid test. Share its copy so every rank scales and counts alike.
  broadcast(as_span(w), grid.rank_of(0, 0), comm);
  const Real cut = rcond * std::max(w.back(), 0.0);
  if (grid.in_grid()) {
    BlockCyclicMatrix c(grid, b.rows(), 1, b.mb(), b.nb());
    multiply("T", z, b, c);
    auto coefficients = c.local();
    for (Index lj = 0; lj < c.local_cols(); ++lj) {
      for (Index li = 0; li < c.local_rows(); ++li) {
        const double wi = w[static_cast<std::size_t>(c.global_row(li))];
        coefficients(li, lj) = wi > cut ? coefficients(li, lj) / wi : 0.0;
      }
    }
    multiply("N", z, c, b);
  }
  return static_cast<Index>(
      std::count_if(w.begin(), w.end(), [cut](double wi) { return wi <= cut; }));
}

/// a = L L^T and b = a^-1 b for a column-major n x n a (leading dimension lda) held by this
/// process. info > 0: a is not positive definite (b is then unchanged).
void cholesky_solve_lapack(double* a, int n, int lda, double* b, int ldb, int& info) {
  const int nrhs = 1;
  scalapack::dpotrf_("L", &n, a, &lda, &info, 1);
  VITVMC_REQUIRE(info >= 0, "dpotrf: illegal argument " + std::to_string(-info));
  if (info == 0) {
    scalapack::dpotrs_("L", &n, &nrhs, a, &lda, b, &ldb, &info, 1);
    VITVMC_REQUIRE(info == 0, "dpotrs: illegal argument " + std::to_string(-info));
  }
}

/// The same on the grid: LAPACK on a one-process grid (whose local block is the whole matrix),
/// ScaLAPACK otherwise.
void cholesky_solve(BlockCyclicMatrix& a, BlockCyclicMatrix& b, int& info) {
  const int n = static_cast<int>(a.rows()), nrhs = 1;
  if (a.grid().nprow() * a.grid().npcol() == 1) {
    cholesky_solve_lapack(a.data(), n, static_cast<int>(a.leading_dimension()), b.data(),
                          static_cast<int>(b.leading_dimension()), info);
    return;
  }
  scalapack::pdpotrf_("L", &n, a.data(), &kOne, &kOne, a.descriptor(), &info, 1);
  VITVMC_REQUIRE(info >= 0, "pdpotrf: illegal argument " + std::to_string(-info));
  if (info == 0) {
    scalapack::pdpotrs_("L", &n, &nrhs, a.data(), &kOne, &kOne, a.descriptor(), b.data(), &kOne,
                        &kOne, b.descriptor(), &info, 1);
    VITVMC_REQUIRE(info == 0, "pdpotrs: illegal argument " + std::to_string(-info));
  }
}

int checked_int(Index n) {
  VITVMC_REQUIRE(n >= 0 && n <= std::numeric_limits<int>::max(), "dense solve: n exceeds an int");
  return static_cast<int>(n);
}

}  // namespace

bool cholesky_solve_dense(double* a, Index n, double* b) {
  const int ni = checked_int(n);
  int info = 0;
  if (ni > 0) cholesky_solve_lapack(a, ni, std::max(1, ni), b, std::max(1, ni), info);
  return info == 0 && Eigen::Map<const Eigen::VectorXd>(b, n).allFinite();
}

Index eigen_solve_dense(double* a, Index n_rows, double* b, Real rcond) {
  if (n_rows == 0) return 0;
  const int n = checked_int(n_rows);
  std::vector<double> w(static_cast<std::size_t>(n));
  int info = 0, lwork = -1, liwork = -1, iwork_query = 0;
  double work_query = 0;
  scalapack::dsyevd_("V", "L", &n, a, &n, w.data(), &work_query, &lwork, &iwork_query, &liwork,
                     &info, 1, 1);
  VITVMC_REQUIRE(info == 0, "dsyevd workspace query failed with info " + std::to_string(info));
  lwork = static_cast<int>(work_query) + 1;
  liwork = iwork_query;
  std::vector<double> work(static_cast<std::size_t>(lwork));
  std::vector<int> iwork(static_cast<std::size_t>(liwork));
  scalapack::dsyevd_("V", "L", &n, a, &n, w.data(), work.data(), &lwork, iwork.data(), &liwork,
                     &info, 1, 1);
  VITVMC_REQUIRE(info >= 0, "dsyevd: illegal argument " + std::to_string(-info));
  if (info > 0)
    throw std::runtime_error("dsyevd failed to converge (info " + std::to_string(info) + ")");
  const Eigen::Map<const Eigen::MatrixXd> v(a, n, n);
  Eigen::Map<Eigen::VectorXd> y(b, n);
  const Real cut = rcond * std::max(w.back(), 0.0);
  Eigen::VectorXd c = v.transpose() * y;
  Index dropped = 0;
  for (Index i = 0; i < n; ++i) {
    if (w[static_cast<std::size_t>(i)] > cut) {
      c(i) /= w[static_cast<std::size_t>(i)];
    } else {
      c(i) = 0;
      ++dropped;
    }
  }
  y = v * c;
  return dropped;
}

SpdSolveInfo solve_spd_with_fallback(BlockCyclicMatrix& a, BlockCyclicMatrix& b, Real rcond,
                                     const Communicator& comm) {
  const BlockCyclicMatrix a_saved = a;  // both routes overwrite their inputs
  return solve_spd_with_fallback(a, b, rcond, comm,
                                 [&a_saved](BlockCyclicMatrix& m) { m = a_saved; });
}

SpdSolveInfo solve_spd_with_fallback(BlockCyclicMatrix& a, BlockCyclicMatrix& b, Real rcond,
                                     const Communicator& comm,
                                     const std::function<void(BlockCyclicMatrix&)>& rebuild) {
  VITVMC_REQUIRE(a.rows() == a.cols() && b.rows() == a.rows() && b.cols() == 1,
                 "solve_spd_with_fallback: shapes do not match");
  if (a.rows() == 0) return {};
  const bool active = a.grid().in_grid();
  const BlockCyclicMatrix b_saved = b;  // n x 1: cheap to keep
  int info = 0;
  if (active) cholesky_solve(a, b, info);
  SpdSolveInfo result;
  result.cholesky_failed = any_rank(info > 0 || !local_finite(b), comm);
  if (!result.cholesky_failed) return result;
  rebuild(a);
  b = b_saved;
  result.cutoff_count = eigen_solve(a, b, rcond, comm);
  return result;
}

}  // namespace vitvmc
