#pragma once
/// \file block_partition.hpp
/// The one rule for splitting `total` items (chains, basis states) over ranks: contiguous blocks in
/// rank order, the first total % size ranks holding one more.

#include <algorithm>
#include <utility>

#include "vitvmc/types.hpp"

namespace vitvmc {

/// {first, count} of rank `rank`'s block among `size` ranks.
inline std::pair<Index, Index> block_partition(Index total, int rank, int size) {
  const Index base = total / size;
  const Index extra = total % size;
  const Index r = rank;
  return {r * base + std::min(r, extra), base + (r < extra ? 1 : 0)};
}

}  // namespace vitvmc
