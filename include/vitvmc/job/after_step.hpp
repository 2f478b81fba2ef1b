#pragma once
/// \file after_step.hpp
/// What a job does after each optimisation step, decided once and identically on every rank:
/// whether to write a checkpoint (every --output.checkpoint_every steps, every
/// --output.checkpoint_minutes, at the last step, and before any stop) and whether to stop (a stop
/// signal, the --run.walltime budget, too many rejected steps in a row). The rules live here so
/// that the VMC loop (driver/vmc_driver.cpp) reads as the algorithm.

#include <string>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/job/run_clock.hpp"
#include "vitvmc/parallel/communicator.hpp"

namespace vitvmc {

/// Rejected steps in a row (non-finite energies or updates, each raising the shift x10) after which
/// the run stops with its last checkpoint.
inline constexpr Index kMaxConsecutiveRejections = 5;

struct AfterStep {
  enum class Stop { none, signal, walltime, rejections };
  bool checkpoint = false;
  Stop stop = Stop::none;
  int signal = 0;  ///< the signal that asked for the stop
};

class AfterStepPolicy {
 public:
  /// Installs the stop-signal handlers. `start` is when the job's wall-time budget began.
  AfterStepPolicy(RunClock::TimePoint start, const RunConfig& config);

  /// Collective: the decision after a step that took `step_seconds`, with `steps_done` steps done
  /// and `consecutive_rejections` rejected steps in a row.
  AfterStep decide(Index steps_done, Index consecutive_rejections, double step_seconds,
                   const Communicator& comm);
  /// A checkpoint write took `seconds`: the clock reserves that much before the wall-time limit.
  void checkpoint_written(double seconds) { clock_.checkpoint_done(seconds); }
  /// The line a stop prints: what happened, where the checkpoint is, how to continue.
  std::string stop_message(const AfterStep& decision, Index steps_done) const;

 private:
  RunClock clock_;
  Index total_steps_;
  Index checkpoint_every_;
  std::string output_dir_;
  std::string walltime_;
};

}  // namespace vitvmc
