#pragma once
/// \file grid_shape.hpp
/// The one rule for the shape of the SR process grid (BlacsGrid) and of the memory plan that
/// predicts its blocks: rows = the largest divisor of `ranks` not above sqrt(ranks).

#include <utility>

namespace vitvmc {

/// {nprow, npcol} with nprow * npcol == ranks (ranks > 0).
inline std::pair<int, int> near_square_grid(int ranks) {
  int rows = 1;
  for (int d = 1; d * d <= ranks; ++d) {
    if (ranks % d == 0) rows = d;
  }
  return {rows, ranks / rows};
}

/// ScaLAPACK's numroc for source process 0: rows (or columns) of an n-long dimension dealt in
/// blocks of nb over `procs` processes that process `iproc` stores.
inline long long block_cyclic_extent(long long n, long long nb, long long iproc, long long procs) {
  const long long blocks = n / nb;
  long long extent = (blocks / procs) * nb;
  const long long extra = blocks % procs;
  if (iproc < extra) extent += nb;
  if (iproc == extra) extent += n % nb;
  return extent;
}

}  // namespace vitvmc
