#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "vitvmc/sampler/chain_set.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

TEST(ChainSet, StartsInTheSzZeroSectorFromPerChainStreams) {
  const ChainSet all(16, 0, 8, 7);
  const ChainSet upper(16, 4, 4, 7);
  std::set<std::vector<Spin>> distinct;
  for (Index c = 0; c < 8; ++c) {
    EXPECT_TRUE(in_sz_zero_sector(all.configs().row(c).data(), 16)) << "chain " << c;
    distinct.emplace(all.configs().row(c).data(), all.configs().row(c).data() + 16);
  }
  EXPECT_EQ(distinct.size(),
            8u);  // 8 draws from 12870 states: a collision would mean shared streams
  // Chain c starts the same whichever block owns it.
  EXPECT_EQ(upper.configs(), all.configs().bottomRows(4));
  const std::vector<std::uint64_t> counters = all.rng_counters();
  EXPECT_EQ(upper.rng_counters(), std::vector<std::uint64_t>(counters.begin() + 4, counters.end()));
  // Another seed gives other starts.
  EXPECT_NE(ChainSet(16, 0, 8, 8).configs(), all.configs());
}

TEST(ChainSet, InitialStatesAreUniformOverTheSector) {
  // Site 0 is up in half of the states: over 4000 chains, 2000 +- 32 (1 sigma).
  const ChainSet chains(16, 0, 4000, 1);
  Index up = 0;
  for (Index c = 0; c < chains.count(); ++c) up += chains.configs()(c, 0) == 1;
  EXPECT_NEAR(static_cast<double>(up), 2000.0, 4 * 32.0);
}

TEST(ChainSet, RestoreReplacesStateAndValidates) {
  ChainSet a(8, 2, 3, 11);
  const ChainSet b(8, 2, 3, 12);
  ComplexVector log_psi(3);
  log_psi << Complex(1, 2), Complex(3, 4), Complex(5, 6);
  const std::vector<std::uint64_t> counters = {10, 20, 30};
  a.record(0, true);
  a.restore(b.configs(), log_psi, counters);
  EXPECT_EQ(a.configs(), b.configs());
  EXPECT_EQ(a.log_psi(), log_psi);
  EXPECT_EQ(a.rng_counters(), counters);
  EXPECT_EQ(a.stream(1).stream(), 3u);  // global chain id 2 + 1
  EXPECT_EQ(a.stream(1).seed(), 11u);
  EXPECT_EQ(a.total_proposed(), 0u);

  ConfigBatch bad = b.configs();
  bad(1, 0) = static_cast<Spin>(-bad(1, 0));  // S^z = +-1
  EXPECT_THROW(a.restore(bad, log_psi, counters), InvalidInput);
  EXPECT_THROW(a.restore(b.configs().topRows(2), log_psi, counters), InvalidInput);
  EXPECT_THROW(a.restore(b.configs(), log_psi, {1, 2}), InvalidInput);
}

TEST(ChainSet, RejectsOddSiteCounts) { EXPECT_THROW(ChainSet(9, 0, 2, 1), InvalidInput); }

TEST(ChainSet, CountsProposals) {
  ChainSet chains(4, 0, 2, 1);
  chains.record(0, true);
  chains.record(0, false);
  chains.record(1, false);
  EXPECT_EQ(chains.proposed(0), 2u);
  EXPECT_EQ(chains.accepted(0), 1u);
  EXPECT_EQ(chains.total_proposed(), 3u);
  EXPECT_EQ(chains.total_accepted(), 1u);
}

}  // namespace
}  // namespace vitvmc
