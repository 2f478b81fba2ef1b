#include "vitvmc/job/phase_trace.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace vitvmc {
namespace {

/// The trace file of this process, opened on first use; -1 when tracing is off or it cannot open.
int trace_fd(int rank) {
  static const int fd = [rank] {
    const char* prefix = std::getenv("VITVMC_PHASE_TRACE");
    if (!prefix || !*prefix) return -1;
    const std::string path = std::string(prefix) + "." + std::to_string(rank);
    return ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }();
  return fd;
}

}  // namespace

void trace_phase(int rank, std::string_view phase) {
  const int fd = trace_fd(rank);
  if (fd < 0) return;
  // Fixed width, so that a reader never sees the tail of a longer previous name.
  std::string text(phase.substr(0, 15));
  text.resize(16, ' ');
  text.back() = '\n';
  // Best effort: a test aid must never stop the run.
  [[maybe_unused]] const ssize_t written = ::pwrite(fd, text.data(), text.size(), 0);
}

}  // namespace vitvmc
