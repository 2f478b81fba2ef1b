// RunClock's decisions with a start time in the past (no sleeping), and agree_after_step's
// verdict: rank 0's clock, any rank's signal.
#include <gtest/gtest.h>

#include <chrono>

#include "vitvmc/job/run_clock.hpp"
#include "vitvmc/support/mpi_test_env.hpp"

namespace vitvmc {
namespace {

using std::chrono::seconds;
using testing_support::world;

RunClock::TimePoint ago(int s) { return std::chrono::steady_clock::now() - seconds(s); }

// 100 s used of 120: a 9 s step leaves room for one more step plus a step of margin (118 s), an
// 11 s step does not (122 s); a checkpoint write counts too.
TEST(RunClock, StopsWhenTheNextStepAndOneMarginStepWouldNotFit) {
  RunClock clock(ago(100), 130, 0);
  EXPECT_FALSE(clock.walltime_exhausted());
  clock.step_done(9);  // 100 + 18 + max(9, 5 % of 130) = 127
  EXPECT_FALSE(clock.walltime_exhausted());
  clock.step_done(3);  // the longest step counts, not the last
  EXPECT_FALSE(clock.walltime_exhausted());
  clock.checkpoint_done(13);  // 100 + 18 + 13 > 130
  EXPECT_TRUE(clock.walltime_exhausted());
  RunClock slow(ago(100), 130, 0);
  slow.step_done(11);  // 100 + 22 + 11 > 130
  EXPECT_TRUE(slow.walltime_exhausted());
  RunClock unlimited(ago(100000), 0, 0);
  unlimited.step_done(1000);
  EXPECT_FALSE(unlimited.walltime_exhausted());
}

TEST(RunClock, ReservesFivePercentOfTheBudgetUntilAWriteWasTimed) {
  RunClock untimed(ago(113), 120, 0);
  untimed.step_done(1);  // 113 + 2 + max(1, 6) > 120
  EXPECT_TRUE(untimed.walltime_exhausted());
  RunClock timed(ago(113), 120, 0);
  timed.step_done(1);
  timed.checkpoint_done(0.5);  // 113 + 2 + 0.5 <= 120
  EXPECT_FALSE(timed.walltime_exhausted());
}

TEST(RunClock, CheckpointDueAfterTheIntervalSinceTheLastOne) {
  RunClock clock(ago(61), 0, 60);
  EXPECT_TRUE(clock.checkpoint_due());
  clock.checkpoint_done(0.1);  // restarts the interval
  EXPECT_FALSE(clock.checkpoint_due());
  EXPECT_FALSE(RunClock(ago(61), 0, 0).checkpoint_due());  // 0: off
}

TEST(RunClock, EveryRankFollowsRankZeroAndAnySignal) {
  const auto& comm = world();
  // Only rank 0's clock is out of time; only the last rank got a signal.
  RunClock clock(ago(comm.rank() == 0 ? 1000 : 0), 100, 0);
  const int signal = comm.rank() == comm.size() - 1 ? 10 : 0;
  const StepVerdict v = agree_after_step(clock, signal, comm);
  EXPECT_TRUE(v.walltime);
  EXPECT_FALSE(v.time_checkpoint);
  EXPECT_EQ(v.signal, 10);
  // A clock that only another rank considers out of time is ignored.
  RunClock others(ago(comm.rank() == 0 ? 0 : 1000), 100, 0);
  EXPECT_FALSE(agree_after_step(others, 0, comm).walltime);
}

}  // namespace
}  // namespace vitvmc
