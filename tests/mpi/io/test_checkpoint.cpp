// Checkpoint round trips: every field back exactly, on the same and on other chain splits.
#include <gtest/gtest.h>

#include <algorithm>

#include "io_test_support.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/checkpoint_files.hpp"

namespace vitvmc::io_test {
namespace {

TEST(Checkpoint, BlockChainRangeTilesAndBalances) {
  // 10 chains on 4 ranks: 3 3 2 2.
  const std::pair<Index, Index> expected[] = {{0, 3}, {3, 3}, {6, 2}, {8, 2}};
  for (int r = 0; r < 4; ++r) EXPECT_EQ(block_chain_range(10, r, 4), expected[r]);
  EXPECT_EQ(block_chain_range(1, 2, 4), (std::pair<Index, Index>(1, 0)));
}

TEST(Checkpoint, RoundTripOnTheSameRanks) {
  ScratchDir dir("roundtrip");
  const Index total = 4 * world().size() + 3;  // uneven blocks
  const auto [first, count] = block_chain_range(total, world().rank(), world().size());
  const std::string path =
      write_checkpoint(dir.path(), test_data(7, total, first, count), 1, world());
  EXPECT_EQ(path, dir.file("checkpoint.h5"));
  expect_matches(read_checkpoint(path, first, count, world()), 7, total, first, count);
  expect_matches(read_checkpoint(path, world()), 7, total, first, count);
}

TEST(Checkpoint, ReadBackOnAnotherSplit) {
  ScratchDir dir("resplit");
  const Index total = 11;
  const auto [first, count] = block_chain_range(total, world().rank(), world().size());
  const std::string path =
      write_checkpoint(dir.path(), test_data(3, total, first, count), 0, world());
  // A restart on R' ranks reads block j of the R' split; every rank plays each (R', j) in turn.
  // (R' = 16 gives some blocks no chains; four of its blocks are enough to keep the test fast.)
  for (int other_size : {1, 3, 16}) {
    for (int j = 0; j < std::min(other_size, 4); ++j) {
      const int block = (other_size == 16 ? 3 * j + 4 : j + world().rank()) % other_size;
      const auto [f, c] = block_chain_range(total, block, other_size);
      SCOPED_TRACE("R' = " + std::to_string(other_size) + ", block " + std::to_string(block));
      expect_matches(read_checkpoint(path, f, c, world()), 3, total, f, c);
    }
  }
}

TEST(Checkpoint, RanksWithoutChains) {
  ScratchDir dir("nochains");
  const Index total = 1;  // rank 0 holds the only chain, the others none
  const auto [first, count] = block_chain_range(total, world().rank(), world().size());
  const std::string path =
      write_checkpoint(dir.path(), test_data(2, total, first, count), 0, world());
  expect_matches(read_checkpoint(path, first, count, world()), 2, total, first, count);
}

TEST(Checkpoint, ChainBlocksMustTile) {
  ScratchDir dir("tiling");
  const Index total = 2 * world().size();
  // Every rank claims chains [1, 3): a gap at chain 0 (and overlaps with several ranks).
  const CheckpointData bad = test_data(1, total, 1, 2);
  try {
    write_checkpoint(dir.path(), bad, 0, world());
    FAIL() << "an invalid chain split was written";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("do not tile"), std::string::npos) << e.what();
  }
  EXPECT_EQ(latest_checkpoint(dir.path()), "");
}

TEST(Checkpoint, OneRanksBadInputStopsEveryRank) {
  ScratchDir dir("badinput");
  const Index total = 2 * world().size();
  CheckpointData d = test_data(1, total, 2 * world().rank(), 2);
  const int culprit = world().size() - 1;
  if (world().rank() == culprit) d.log_psi.resize(1);
  try {
    write_checkpoint(dir.path(), d, 0, world());
    FAIL() << "inconsistent input was written";
  } catch (const CheckpointError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("log_psi"), std::string::npos) << what;
    if (world().size() > 1) {
      EXPECT_NE(what.find("rank " + std::to_string(culprit)), std::string::npos) << what;
    }
  }
}

TEST(Checkpoint, RejectsBadOptimizerNames) {
  ScratchDir dir("names");
  const auto [first, count] = block_chain_range(4, world().rank(), world().size());
  CheckpointData d = test_data(1, 4, first, count);
  d.optimizer_state["a/b"] = RealVector::Zero(2);
  EXPECT_THROW(write_checkpoint(dir.path(), d, 0, world()), CheckpointError);
}

}  // namespace
}  // namespace vitvmc::io_test
