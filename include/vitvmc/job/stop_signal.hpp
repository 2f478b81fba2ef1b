#pragma once
/// \file stop_signal.hpp
/// Graceful stop on SIGTERM, SIGUSR1 or SIGINT (what batch systems send before a time limit): the
/// first signal asks the run to finish its step, write a checkpoint and exit 0; a second one exits
/// at once (the previous checkpoint is intact, checkpoints are published atomically).

namespace vitvmc {

/// Installs the handlers (idempotent).
void install_stop_signal_handlers();
/// The signal received by this process, 0 if none.
int stop_signal_received();
// Ranks agree on a stop at the same step through agree_after_step() (run_clock.hpp).

}  // namespace vitvmc
