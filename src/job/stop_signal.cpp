#include "vitvmc/job/stop_signal.hpp"

#include <unistd.h>

#include <csignal>
#include <initializer_list>

namespace vitvmc {
namespace {

// Written only by the signal handler: a process-wide fact by nature, hence the one static here.
volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_stop_signal(int signal) {
  if (g_signal != 0) _exit(128 + signal);  // second signal: leave now, the last checkpoint stays
  g_signal = signal;
}

}  // namespace

void install_stop_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (int s : {SIGTERM, SIGUSR1, SIGINT}) sigaction(s, &action, nullptr);
}

int stop_signal_received() { return g_signal; }

}  // namespace vitvmc
