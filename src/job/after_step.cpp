#include "vitvmc/job/after_step.hpp"

#include <sstream>

#include "vitvmc/config/run_options.hpp"
#include "vitvmc/job/stop_signal.hpp"

namespace vitvmc {

AfterStepPolicy::AfterStepPolicy(RunClock::TimePoint start, const RunConfig& config)
    : clock_(start, walltime_seconds(config.run.walltime), 60 * config.output.checkpoint_minutes),
      total_steps_(config.optimizer.steps),
      checkpoint_every_(config.output.checkpoint_every),
      output_dir_(config.output.dir),
      walltime_(config.run.walltime) {
  install_stop_signal_handlers();
}

AfterStep AfterStepPolicy::decide(Index steps_done, Index consecutive_rejections,
                                  double step_seconds, const Communicator& comm) {
  clock_.step_done(step_seconds);
  const StepVerdict verdict = agree_after_step(clock_, stop_signal_received(), comm);
  AfterStep d;
  if (verdict.signal) {
    d.stop = AfterStep::Stop::signal;
    d.signal = verdict.signal;
  } else if (verdict.walltime && steps_done < total_steps_) {
    d.stop = AfterStep::Stop::walltime;
  } else if (consecutive_rejections >= kMaxConsecutiveRejections) {
    d.stop = AfterStep::Stop::rejections;
  }
  d.checkpoint = d.stop != AfterStep::Stop::none || verdict.time_checkpoint ||
                 steps_done % checkpoint_every_ == 0 || steps_done == total_steps_;
  return d;
}

std::string AfterStepPolicy::stop_message(const AfterStep& d, Index steps_done) const {
  std::ostringstream m;
  const std::string resubmit = "; resubmit with --restart auto to continue";
  switch (d.stop) {
    case AfterStep::Stop::signal:
      m << "signal " << d.signal << " received: checkpoint of step " << steps_done << " written to "
        << output_dir_ << resubmit;
      break;
    case AfterStep::Stop::walltime:
      m << "walltime: " << clock_.elapsed() << " s of " << walltime_ << " used, steps take up to "
        << clock_.longest_step() << " s: checkpoint of step " << steps_done << " written to "
        << output_dir_ << resubmit;
      break;
    case AfterStep::Stop::rejections:
      m << "stopping: " << kMaxConsecutiveRejections
        << " steps in a row had non-finite energies or updates (checkpoint of step " << steps_done
        << " kept)";
      break;
    case AfterStep::Stop::none:
      break;
  }
  return m.str();
}

}  // namespace vitvmc
