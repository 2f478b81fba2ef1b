#pragma once
/// \file sz_zero_hamiltonian.hpp
/// Matrix-free Heisenberg Hamiltonian (any BondSet) restricted to the S^z = 0 sector, for exact
/// diagonalisation. Rows are generated from HeisenbergModel::diagonal and for_each_connected, i.e.
/// from exactly the code the VMC local energy uses, so an ED check also checks those matrix
/// elements.

#include "vitvmc/hamiltonian/heisenberg_model.hpp"
#include "vitvmc/hamiltonian/j1j2.hpp"  // callers build the J1-J2 model from here
#include "vitvmc/hamiltonian/sz_zero_basis.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

class SzZeroHamiltonian {
 public:
  /// Both references must outlive this object. `threads` >= 1 splits the rows of every apply.
  /// The diagonal is evaluated once here (one Real per state): it was a fifth of every apply.
  SzZeroHamiltonian(const HeisenbergModel& hamiltonian, const SzZeroBasis& basis, int threads = 1);

  Index dimension() const { return basis_.size(); }
  int threads() const { return threads_; }

  /// y = H x over the sector; x and y hold dimension() values and must not overlap.
  void apply(const Real* x, Real* y) const;
  /// <sigma_i|H|sigma_i> for every state i.
  const RealVector& diagonal() const { return diagonal_; }

 private:
  // Calls rows(begin, end) on `threads_` disjoint row ranges covering the sector.
  template <class RowsFn>
  void for_row_ranges(RowsFn&& rows) const;
  // Rows [begin, end) of y = H x; rows are independent, so threads never write the same entry.
  void apply_rows(Index begin, Index end, const Real* x, Real* y) const;

  const HeisenbergModel& hamiltonian_;
  const SzZeroBasis& basis_;
  int threads_;
  RealVector diagonal_;
};

}  // namespace vitvmc
