// Writes a checkpoint and a run log into $VITVMC_IO_ARTIFACTS for the CTests that read them with
// h5dump and scripts/plot_run.py (tests/mpi/io/CMakeLists.txt).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "io_test_support.hpp"
#include "vitvmc/io/checkpoint_files.hpp"
#include "vitvmc/io/run_log.hpp"

namespace vitvmc::io_test {
namespace {

TEST(Artifacts, WriteCheckpointAndLog) {
  const char* dir = std::getenv("VITVMC_IO_ARTIFACTS");
  if (!dir) GTEST_SKIP() << "VITVMC_IO_ARTIFACTS not set";
  const Index total = 8;
  const auto [first, count] = block_chain_range(total, world().rank(), world().size());
  write_checkpoint(dir, test_data(100, total, first, count), 1, world());
  EXPECT_EQ(kept_checkpoint_steps(dir), (std::vector<Index>{100}));
  if (world().rank() != 0) return;
  // A converging 6x6, J2 = 0.5 run: E/N -> -0.50380965 (ED), errors shrinking with the step.
  RunLog log = RunLog::open(std::string(dir) + "/log.h5", standard_log_columns());
  for (Index step = 1; step <= 100; ++step) {
    const double gap = 0.2 * std::exp(-0.05 * step) + 2e-4;
    log.append(step, {{"energy", -0.50380965 + gap},
                      {"energy_error", 0.02 * std::exp(-0.03 * step) + 5e-5},
                      {"variance", 10.0 * gap},
                      {"acceptance", 0.3},
                      {"learning_rate", 0.02},
                      {"time_sampling", 0.5}});
  }
  EXPECT_EQ(log.rows(), 100);
}

TEST(Artifacts, RestartOnAnotherRankCount) {
  // Set for the 1- and 4-rank runs: read the checkpoint the 2-rank run wrote.
  const char* dir = std::getenv("VITVMC_IO_RESTART_FROM");
  if (!dir) GTEST_SKIP() << "VITVMC_IO_RESTART_FROM not set";
  const CheckpointData d = read_checkpoint(std::string(dir) + "/checkpoint.h5", world());
  const auto [first, count] = block_chain_range(8, world().rank(), world().size());
  expect_matches(d, 100, 8, first, count);
}

}  // namespace
}  // namespace vitvmc::io_test
