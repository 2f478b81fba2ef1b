// Safe publication, retention, and refusal of damaged or foreign checkpoints.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "io_test_support.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/checkpoint_compat.hpp"
#include "vitvmc/io/checkpoint_files.hpp"
#include "vitvmc/io/h5_data.hpp"

namespace vitvmc::io_test {
namespace {

namespace fs = std::filesystem;

constexpr Index kTotal = 6;

CheckpointData local_data(Index step) {
  const auto [first, count] = block_chain_range(kTotal, world().rank(), world().size());
  return test_data(step, kTotal, first, count);
}

Index read_step(const std::string& path) { return read_checkpoint(path, 0, 0, world()).step; }

TEST(CheckpointFiles, InterruptedWriteLeavesPreviousCheckpoint) {
  ScratchDir dir("atomic");
  write_checkpoint(dir.path(), local_data(5), 0, world());
  // A run killed after writing the temporary file but before publishing it.
  write_checkpoint_file(checkpoint_temp_path(dir.path()), local_data(6), world());
  EXPECT_EQ(latest_checkpoint(dir.path()), checkpoint_path(dir.path()));
  EXPECT_EQ(read_step(latest_checkpoint(dir.path())), 5);
  // A run killed half-way through writing the temporary file.
  on_root([&] { fs::resize_file(checkpoint_temp_path(dir.path()), 300); });
  EXPECT_EQ(read_step(latest_checkpoint(dir.path())), 5);
  // A write that fails on input leaves checkpoint.h5 alone too.
  CheckpointData bad = local_data(7);
  bad.rng_counters.push_back(1);
  EXPECT_THROW(write_checkpoint(dir.path(), bad, 0, world()), CheckpointError);
  EXPECT_EQ(read_step(checkpoint_path(dir.path())), 5);
  // The next good write replaces the stale temporary file and publishes.
  write_checkpoint(dir.path(), local_data(8), 0, world());
  const auto [first, count] = block_chain_range(kTotal, world().rank(), world().size());
  expect_matches(read_checkpoint(checkpoint_path(dir.path()), first, count, world()), 8, kTotal,
                 first, count);
  EXPECT_FALSE(fs::exists(checkpoint_temp_path(dir.path())));
}

TEST(CheckpointFiles, KeepsTheLastKSteps) {
  ScratchDir dir("keep");
  for (Index step : {10, 20, 30, 40, 50})
    write_checkpoint(dir.path(), local_data(step), 2, world());
  EXPECT_EQ(kept_checkpoint_steps(dir.path()), (std::vector<Index>{40, 50}));
  EXPECT_EQ(read_step(checkpoint_step_path(dir.path(), 40)), 40);
  EXPECT_EQ(read_step(checkpoint_step_path(dir.path(), 50)), 50);
  EXPECT_EQ(read_step(checkpoint_path(dir.path())), 50);
  EXPECT_EQ(fs::path(checkpoint_step_path(dir.path(), 50)).filename(), "checkpoint-00000050.h5");
  // keep = 0 keeps only checkpoint.h5.
  write_checkpoint(dir.path(), local_data(60), 0, world());
  EXPECT_TRUE(kept_checkpoint_steps(dir.path()).empty());
  EXPECT_EQ(read_step(checkpoint_path(dir.path())), 60);
}

TEST(CheckpointFiles, LatestFallsBackToKeptFiles) {
  ScratchDir dir("latest");
  EXPECT_EQ(latest_checkpoint(dir.path()), "");
  EXPECT_EQ(latest_checkpoint(dir.file("missing")), "");
  write_checkpoint(dir.path(), local_data(3), 3, world());
  write_checkpoint(dir.path(), local_data(4), 3, world());
  EXPECT_EQ(
      checkpoint_candidates(dir.path()),
      (std::vector<std::string>{checkpoint_path(dir.path()), checkpoint_step_path(dir.path(), 4),
                                checkpoint_step_path(dir.path(), 3)}));
  on_root([&] { fs::remove(checkpoint_path(dir.path())); });
  EXPECT_EQ(latest_checkpoint(dir.path()), checkpoint_step_path(dir.path(), 4));
}

TEST(CheckpointFiles, StaleTemporaryLinkedToAKeptFileIsNotTruncated) {
  ScratchDir dir("stalelink");
  write_checkpoint(dir.path(), local_data(1), 2, world());
  // Killed between linking the kept copy and the rename: the temporary file shares the kept data.
  on_root([&] {
    fs::create_hard_link(checkpoint_step_path(dir.path(), 1), checkpoint_temp_path(dir.path()));
  });
  write_checkpoint(dir.path(), local_data(2), 2, world());
  EXPECT_EQ(read_step(checkpoint_step_path(dir.path(), 1)), 1);
  EXPECT_EQ(read_step(checkpoint_step_path(dir.path(), 2)), 2);
  EXPECT_EQ(read_step(checkpoint_path(dir.path())), 2);
}

TEST(CheckpointFiles, DamagedFilesAreRefused) {
  ScratchDir dir("damaged");
  const std::string good = write_checkpoint(dir.path(), local_data(9), 0, world());
  const std::string truncated = dir.file("truncated.h5");
  const std::string no_rng = dir.file("no_rng.h5");
  const std::string schema = dir.file("schema.h5");
  const std::string text = dir.file("text.h5");
  on_root([&] {
    fs::copy_file(good, truncated);
    fs::resize_file(truncated, fs::file_size(good) / 2);
    fs::copy_file(good, no_rng);
    fs::copy_file(good, schema);
    {
      H5File file = h5_open_serial(no_rng, H5Access::kReadWrite);
      h5_check_status(H5Ldelete(file.id(), "/chains/rng_counter", H5P_DEFAULT), "H5Ldelete");
      H5File other = h5_open_serial(schema, H5Access::kReadWrite);
      h5_write_attribute<std::int32_t>(other.id(), "schema_version", kCheckpointSchemaVersion + 1);
    }
    std::ofstream(text) << "not an HDF5 file\n";
  });
  expect_refused(truncated, "truncated");
  expect_refused(no_rng, "missing dataset /chains/rng_counter");
  expect_refused(schema, "schema version " + std::to_string(kCheckpointSchemaVersion + 1));
  expect_refused(text, "opening file");
  expect_refused(dir.file("absent.h5"), "no such file");
  // A chain range outside the file.
  EXPECT_THROW(read_checkpoint(good, kTotal - 1, 2, world()), CheckpointError);
}

TEST(CheckpointCompat, ComparesTheFieldsOfBothRuns) {
  const std::map<std::string, std::string> saved = {
      {"lattice.lx", "4"}, {"lattice.j2", "0.5"}, {"model.d", "8"}};
  EXPECT_NO_THROW(validate_compatible(test_data(1, 2, 0, 2), test_layout(), saved, saved));
  // A 6 x 6 run must refuse the 4 x 4 checkpoint.
  std::map<std::string, std::string> other = saved;
  other["lattice.lx"] = "6";
  EXPECT_THROW(validate_compatible(test_data(1, 2, 0, 2), test_layout(), saved, other),
               CheckpointError);
}

TEST(CheckpointCompat, RefusesAnotherLatticeOrArchitecture) {
  const CheckpointData d = test_data(1, 2, 0, 2);
  const std::map<std::string, std::string> saved = {{"lattice.lx", "4"}, {"lattice.j2", "0.5"}};
  std::vector<ParameterLayoutEntry> other = test_layout();
  other[2].shape = {2, 2, 3};
  other[3].offset = 27;
  try {
    validate_compatible(d, other, saved, {{"lattice.lx", "6"}, {"model.heads", "2"}});
    FAIL() << "a foreign checkpoint was accepted";
  } catch (const CheckpointError& e) {
    const std::string what = e.what();
    EXPECT_NE(
        what.find(
            "'head.alpha' offset 15 shape [2,2,2], expected 'head.alpha' offset 15 shape [2,2,3]"),
        std::string::npos)
        << what;
    EXPECT_NE(what.find("theta has 24 parameters in the checkpoint, 28 expected"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("lattice.lx: checkpoint 4, expected 6"), std::string::npos) << what;
    EXPECT_NE(what.find("model.heads: missing"), std::string::npos) << what;
    EXPECT_EQ(what.find("embed.w"), std::string::npos) << "matching slices are not differences";
  }
}

}  // namespace
}  // namespace vitvmc::io_test
