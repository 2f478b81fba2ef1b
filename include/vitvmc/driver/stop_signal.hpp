#pragma once
/// \file stop_signal.hpp
/// Graceful stop on SIGTERM, SIGUSR1 or SIGINT (what batch systems send before a time limit): the
/// first signal asks the run to finish its step, write a checkpoint and exit 0; a second one exits
/// at once (the previous checkpoint is intact, checkpoints are published atomically).

#include "vitvmc/parallel/communicator.hpp"

namespace vitvmc {

/// Installs the handlers (idempotent).
void install_stop_signal_handlers();
/// The signal received by this process, 0 if none.
int stop_signal_received();
/// Collective: the signal any rank received (0 if none), so that all ranks stop at the same step.
int stop_signal_anywhere(const Communicator& comm);

}  // namespace vitvmc
