#include "vitvmc/job/run_clock.hpp"

#include <algorithm>
#include <array>
#include <span>

#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/util/timer.hpp"

namespace vitvmc {

RunClock::RunClock(TimePoint start, double walltime_seconds, double checkpoint_seconds)
    : start_(start),
      last_checkpoint_(start),
      walltime_(walltime_seconds),
      checkpoint_interval_(checkpoint_seconds) {}

void RunClock::step_done(double seconds) { longest_step_ = std::max(longest_step_, seconds); }

void RunClock::checkpoint_done(double seconds) {
  checkpoint_write_ = std::max(checkpoint_write_, seconds);
  last_checkpoint_ = std::chrono::steady_clock::now();
}

double RunClock::elapsed() const { return seconds_since(start_); }

bool RunClock::walltime_exhausted() const {
  if (walltime_ <= 0) return false;
  // Until a write has been timed, reserve a step and 5 % of the budget for it: the first write
  // (file creation, 2 ranks under load) took 0.19 s against 0.12 s steps in cli.restart.walltime.
  const double write =
      checkpoint_write_ >= 0 ? checkpoint_write_ : std::max(longest_step_, 0.05 * walltime_);
  return elapsed() + 2 * longest_step_ + write > walltime_;
}

bool RunClock::checkpoint_due() const {
  return checkpoint_interval_ > 0 && seconds_since(last_checkpoint_) >= checkpoint_interval_;
}

StepVerdict agree_after_step(const RunClock& clock, int local_signal, const Communicator& comm) {
  const bool root = comm.rank() == 0;
  const std::array<int, 3> mine = {local_signal, root && clock.walltime_exhausted() ? 1 : 0,
                                   root && clock.checkpoint_due() ? 1 : 0};
  const std::vector<int> all = allgatherv(std::span<const int>(mine), comm);
  StepVerdict v;
  v.walltime = all[1] != 0;  // rank 0's entries come first
  v.time_checkpoint = all[2] != 0;
  for (std::size_t i = 0; i < all.size() && v.signal == 0; i += 3) v.signal = all[i];
  return v;
}

}  // namespace vitvmc
