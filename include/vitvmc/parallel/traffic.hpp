#pragma once
/// \file traffic.hpp
/// Bytes this rank sent through vitvmc's collectives (collectives.hpp, redistribute.hpp), per run
/// phase: the payload a rank contributes to a call (allreduce/reduce: the vector; allgatherv,
/// gather: its own block; broadcast: the data, on the root only; alltoallv: everything it sends to
/// others), independent of the algorithm the MPI library picks, plus the number of MPI calls. The
/// phase is the innermost PhaseScope/ScopedTimer active on the calling thread (util/timer.hpp);
/// bytes outside any phase go to the extra slot kUnattributed. ScaLAPACK's internal (BLACS)
/// traffic and MPI-IO are not counted.

#include <array>
#include <cstddef>
#include <cstdint>

#include "vitvmc/util/phase.hpp"

namespace vitvmc {

struct CollectiveTraffic {
  static constexpr std::size_t kUnattributed = static_cast<std::size_t>(Phase::kCount);
  std::array<std::uint64_t, kUnattributed + 1> bytes{};
  std::array<std::uint64_t, kUnattributed + 1> calls{};

  CollectiveTraffic& operator-=(const CollectiveTraffic& earlier) {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      bytes[i] -= earlier.bytes[i];
      calls[i] -= earlier.calls[i];
    }
    return *this;
  }
};

/// This process's running totals (MPI collectives run on one thread per rank).
inline CollectiveTraffic& collective_traffic() {
  static CollectiveTraffic totals;
  return totals;
}

/// Records one MPI collective call that sent `bytes` from this rank.
inline void count_collective(std::uint64_t bytes) {
  const auto slot = static_cast<std::size_t>(active_phase());
  collective_traffic().bytes[slot] += bytes;
  collective_traffic().calls[slot] += 1;
}

}  // namespace vitvmc
