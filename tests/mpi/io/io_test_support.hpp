#pragma once
// Shared fixtures of the io tests: deterministic checkpoint contents, file surgery on rank 0, and
// the scratch directory of support/scratch_dir.hpp.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/support/mpi_test_env.hpp"
#include "vitvmc/support/scratch_dir.hpp"

namespace vitvmc::io_test {

inline const Communicator& world() { return testing_support::world(); }

using testing_support::ScratchDir;

inline std::vector<ParameterLayoutEntry> test_layout() {
  return {{"embed.w", 0, {4, 3}},
          {"embed.b", 12, {3}},
          {"head.alpha", 15, {2, 2, 2}},
          {"scale", 23, {}}};
}

inline constexpr Index kSites = 16;
inline const char* const kEcho = "[lattice]\nlx = 4\nly = 4\nj2 = 0.5\n[model]\nd = 8\n";

/// Chain c's stored values: functions of c only, so any block can be regenerated.
inline Spin test_spin(Index c, Index s) { return (c + 3 * s) % 5 < 2 ? Spin{1} : Spin{-1}; }
inline Complex test_log_psi(Index c) { return {-0.125 * c + 1.0 / 3.0, std::sin(0.7 * c)}; }
inline std::uint64_t test_counter(Index c) { return 1000003ull * c + (1ull << 40); }

/// Checkpoint contents at `step` holding chains [first, first + count) of `total`.
CheckpointData test_data(Index step, Index total, Index first, Index count);

/// Checks every field of `read` against test_data(step, total, first, count), exactly.
void expect_matches(const CheckpointData& read, Index step, Index total, Index first, Index count);

/// read_checkpoint(path) must throw a CheckpointError (on every rank) whose message names `path`
/// and contains `needle`.
void expect_refused(const std::string& path, const std::string& needle);

/// Rank 0 runs `action` (file surgery) once every rank is done with the files, and every rank waits
/// for it.
template <class F>
void on_root(F&& action) {
  world().barrier();
  if (world().rank() == 0) action();
  world().barrier();
}

}  // namespace vitvmc::io_test
