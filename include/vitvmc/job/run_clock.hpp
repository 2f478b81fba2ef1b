#pragma once
/// \file run_clock.hpp
/// Wall-clock decisions of a run: stop before --run.walltime runs out, checkpoint every
/// --output.checkpoint_minutes. Only rank 0's clock counts (ranks' clocks drift and their step
/// times differ slightly); agree_after_step() shares its verdict, together with any rank's stop
/// signal, in one collective so that every rank stops or checkpoints at the same step.

#include <chrono>

#include "vitvmc/parallel/communicator.hpp"

namespace vitvmc {

class RunClock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  /// walltime_seconds / checkpoint_seconds: 0 disables that rule. `start` is when the job's budget
  /// began (the start of the run, before the checkpoint was read and the chains warmed up).
  RunClock(TimePoint start, double walltime_seconds, double checkpoint_seconds);

  void step_done(double seconds);  ///< one optimisation step took `seconds`
  void checkpoint_done(
      double seconds);  ///< a checkpoint write took `seconds`; restarts the interval

  /// True when the next step, one more step of margin and a checkpoint write would not fit in the
  /// budget. The step time is the longest seen so far (steps vary; being early is cheap).
  bool walltime_exhausted() const;
  /// True when checkpoint_seconds passed since the last checkpoint (or the start).
  bool checkpoint_due() const;

  double elapsed() const;
  double longest_step() const { return longest_step_; }
  double walltime() const { return walltime_; }

 private:
  TimePoint start_;
  TimePoint last_checkpoint_;
  double walltime_;
  double checkpoint_interval_;
  double longest_step_ = 0;
  double checkpoint_write_ = -1;  ///< longest write so far; < 0 until one was timed
};

/// What every rank does after a step.
struct StepVerdict {
  int signal = 0;                ///< a stop signal any rank received (0: none)
  bool walltime = false;         ///< rank 0: the budget does not allow another step
  bool time_checkpoint = false;  ///< rank 0: checkpoint_minutes passed
};

/// Collective: rank 0's clock verdict and the first signal any rank received, on every rank.
StepVerdict agree_after_step(const RunClock& clock, int local_signal, const Communicator& comm);

}  // namespace vitvmc
