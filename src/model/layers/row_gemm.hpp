#pragma once
/// \file row_gemm.hpp
/// Row-major GEMMs straight through BLAS: Eigen evaluates `c = a * b` as a zero fill of c and then
/// a gemm with beta = 1; beta = 0 here writes c once and never reads it. Private to the layers.

#include <algorithm>

#include "vitvmc/types.hpp"

#ifndef EIGEN_USE_BLAS
#error "row_gemm.hpp calls BLAS through Eigen's declarations and needs EIGEN_USE_BLAS"
#endif

namespace vitvmc::row_gemm {

inline void gemm(const char* ta, const char* tb, int m, int n, int k, double alpha, const double* a,
                 int lda, const double* b, int ldb, double beta, double* c, int ldc) {
  dgemm_(ta, tb, &m, &n, &k, &alpha, a, &lda, b, &ldb, &beta, c, &ldc);
}
inline void gemm(const char* ta, const char* tb, int m, int n, int k, float alpha, const float* a,
                 int lda, const float* b, int ldb, float beta, float* c, int ldc) {
  sgemm_(ta, tb, &m, &n, &k, &alpha, a, &lda, b, &ldb, &beta, c, &ldc);
}

/// c = a w^T + beta c for row-major a (m x k), w (n x k), c (m x n), all contiguous.
template <class S>
void times_transposed(const S* a, Index m, Index k, const S* w, Index n, S beta, S* c) {
  if (m == 0 || n == 0) return;
  const int ld_k = static_cast<int>(std::max<Index>(1, k));
  // Column-major, c^T (n x m) = w (n x k, stored as w^T) times a^T (k x m).
  gemm("T", "N", static_cast<int>(n), static_cast<int>(m), static_cast<int>(k), S(1), w, ld_k, a,
       ld_k, beta, c, static_cast<int>(n));
}

/// c = a w + beta c for row-major a (m x k), w (k x n), c (m x n), all contiguous.
template <class S>
void times(const S* a, Index m, Index k, const S* w, Index n, S beta, S* c) {
  if (m == 0 || n == 0) return;
  const int ld_k = static_cast<int>(std::max<Index>(1, k));
  // Column-major, c^T (n x m) = w^T (n x k, stored as w) times a^T (k x m).
  gemm("N", "N", static_cast<int>(n), static_cast<int>(m), static_cast<int>(k), S(1), w,
       static_cast<int>(n), a, ld_k, beta, c, static_cast<int>(n));
}

/// c = a^T b + beta c for row-major a (k x m), b (k x n), c (m x n), all contiguous.
template <class S>
void transposed_times(const S* a, Index k, Index m, const S* b, Index n, S beta, S* c) {
  if (m == 0 || n == 0) return;
  // Column-major, c^T (n x m) = b^T (n x k, stored as b) times a (k x m, stored as a^T).
  gemm("N", "T", static_cast<int>(n), static_cast<int>(m), static_cast<int>(k), S(1), b,
       static_cast<int>(n), a, static_cast<int>(std::max<Index>(1, m)), beta, c,
       static_cast<int>(n));
}

}  // namespace vitvmc::row_gemm
