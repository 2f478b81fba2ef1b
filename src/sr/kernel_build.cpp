#include "vitvmc/sr/kernel_build.hpp"

#include <algorithm>
#include <vector>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/parallel/scalapack_api.hpp"
#include "vitvmc/util/error.hpp"

// dsyrk_ comes from Eigen's BLAS declarations (Eigen/src/misc/blas.h), present with EIGEN_USE_BLAS.
#ifndef EIGEN_USE_BLAS
#error "vitvmc_sr calls BLAS dsyrk directly and needs EIGEN_USE_BLAS"
#endif

namespace vitvmc {
namespace {

/// Rows of the column share moved per Alltoallv: about 64 MB per rank, and at least 256 columns
/// so that each dsyrk still has a long inner dimension.
constexpr Index kChunkBytes = Index{64} << 20;
constexpr Index kMinShareColumns = 256;

int as_int(Index v) {
  VITVMC_REQUIRE(v >= 0 && v <= INT_MAX, "SR kernel: a dimension exceeds an int");
  return static_cast<int>(v);
}

/// c (lower, n x n, column-major, leading dimension ldc) = beta c + A^T A for column-major A
/// (k x n, leading dimension lda).
void syrk_lower_t(Index n, Index k, const double* a, Index lda, double beta, double* c, Index ldc) {
  const int ni = as_int(n), ki = as_int(k), ldai = as_int(std::max<Index>(1, lda)),
            ldci = as_int(std::max<Index>(1, ldc));
  const double one = 1.0;
  dsyrk_("L", "T", &ni, &ki, &one, a, &ldai, &beta, c, &ldci);
}

}  // namespace

KernelRoute choose_kernel_route(KernelRoute requested, Index n, Index p, int ranks) {
  if (requested != KernelRoute::kAuto) return requested;
  return ranks == 1 || n * ranks <= p ? KernelRoute::kParameterSlices : KernelRoute::kBlockCyclic;
}

Index slice_share_columns(Index n, int ranks, Index chunk_columns) {
  return chunk_columns > 0
             ? std::max<Index>(1, chunk_columns / ranks)
             : std::max(kMinShareColumns,
                        kChunkBytes / (Index{sizeof(double)} * std::max<Index>(1, n)));
}

void build_partial_kernel(const DistributedSrSystem& s, Index chunk_columns,
                          std::vector<double>& partial, SrStopwatch* clock, SrDiagnostics& d) {
  const int ranks = s.comm.size();
  partial.assign(static_cast<std::size_t>(s.n * s.n), 0.0);
  if (ranks == 1) {
    // Row-major X is X^T column-major: one dsyrk reads it where it is.
    syrk_lower_t(s.n, s.p, s.x_local.data(), s.p, 0.0, partial.data(), s.n);
    if (clock) clock->lap(d.seconds_matrix);
    return;
  }
  const Index share_columns = slice_share_columns(s.n, ranks, chunk_columns);
  const Index chunk = share_columns * ranks;
  std::vector<double> share, send;
  // A rank without rows may hold X with another column count; it only sends nothing.
  const RealMatrix no_rows(0, s.p);
  const RealMatrix& rows = s.x_local.rows() > 0 ? s.x_local : no_rows;
  for (Index first = 0; first < s.p; first += chunk) {
    const Index width = std::min(chunk, s.p - first);
    gather_column_share(rows, s.layout, first, width, share, send, s.comm);
    if (clock) clock->lap(d.seconds_comm);
    const Index mine = static_cast<Index>(share.size()) / std::max<Index>(1, s.n);
    if (mine > 0) syrk_lower_t(s.n, mine, share.data(), mine, 1.0, partial.data(), s.n);
    if (clock) clock->lap(d.seconds_matrix);
  }
}

void form_kernel_on_root(const DistributedSrSystem& s, Index chunk_columns, int root,
                         std::vector<double>& t, SrStopwatch* clock, SrDiagnostics& d) {
  build_partial_kernel(s, chunk_columns, t, clock, d);
  if (s.comm.size() == 1) return;
  reduce_sum_in_place(std::span<double>(t), root, s.comm);
  if (clock) clock->lap(d.seconds_comm);
}

void build_kernel_block_cyclic(const DistributedSrSystem& s, BlockCyclicMatrix& t,
                               SrStopwatch* clock, SrDiagnostics& d) {
  const BlockCyclicMatrix x = s.distribute_x();
  if (clock) clock->lap(d.seconds_comm);
  if (s.grid.in_grid()) {
    const int ni = as_int(s.n), pi = as_int(s.p), one = 1;
    const double alpha = 1.0, beta = 0.0;
    scalapack::pdsyrk_("L", "N", &ni, &pi, &alpha, x.data(), &one, &one, x.descriptor(), &beta,
                       t.data(), &one, &one, t.descriptor());
  }
  if (clock) clock->lap(d.seconds_matrix);
}

void build_gram_single_rank(const RealMatrix& x, BlockCyclicMatrix& a) {
  // Row-major X (n x p) is column-major X^T (p x n): X^T X = (X^T)(X^T)^T, dsyrk "N" on it.
  const int pi = as_int(x.cols()), ni = as_int(x.rows()),
            lda = as_int(std::max<Index>(1, x.cols())),
            ldc = as_int(std::max<Index>(1, a.leading_dimension()));
  const double one = 1.0, zero = 0.0;
  dsyrk_("L", "N", &pi, &ni, &one, x.data(), &lda, &zero, a.data(), &ldc);
}

}  // namespace vitvmc
