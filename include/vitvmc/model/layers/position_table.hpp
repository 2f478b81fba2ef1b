#pragma once
/// \file position_table.hpp
/// The per-head table a^mu indexed by patch pair (I, J): translation-invariant (one entry per
/// displacement (J - I) mod grid, h x n) or full (h x n x n). Used as the factored attention
/// weights and as the relative-position bias of standard attention.

#include <vector>

#include "vitvmc/lattice/patch_map.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

class PositionTable {
 public:
  PositionTable() = default;
  PositionTable(const PatchMap& patches, Index heads, bool full);

  Index heads() const { return heads_; }
  Index tokens() const { return n_; }
  bool full() const { return full_; }
  /// Entries per head: n (translation-invariant) or n^2 (full).
  Index per_head() const { return full_ ? n_ * n_ : n_; }
  Index size() const { return heads_ * per_head(); }
  /// Position of a^mu_{I,J} within the table.
  Index index(Index head, Index i, Index j) const {
    return head * per_head() + key_[static_cast<std::size_t>(i * n_ + j)];
  }

  /// Expands the table (pointer to its h * per_head values) into h stacked n x n matrices (double
  /// or float).
  template <class S>
  void expand(const S* table, MatrixOf<S>& alpha) const;
  /// grad[index(mu, I, J)] += g(I, J) for head mu (g is n x n, row-major view).
  template <class Matrix>
  void accumulate(Index head, const Matrix& g, Real* grad) const {
    for (Index i = 0; i < n_; ++i)
      for (Index j = 0; j < n_; ++j) grad[index(head, i, j)] += g(i, j);
  }

 private:
  Index heads_ = 0;
  Index n_ = 0;
  bool full_ = false;
  std::vector<Index> key_;  // [I * n + J] -> displacement index or I * n + J
};

}  // namespace vitvmc
