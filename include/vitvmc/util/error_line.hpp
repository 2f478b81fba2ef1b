#pragma once
/// \file error_line.hpp
/// One message line to stderr in one write(2). mpirun forwards each rank's stdout and stderr
/// through separate pipes and interleaves what it reads: a message sent in pieces (each `<<` on
/// unbuffered std::cerr is its own write) can arrive split by other output, so that no single
/// line of the job's log says both what failed and where.

#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <string>

namespace vitvmc {

/// Flushes std::cout (so what was printed before comes first), then writes `line` and a newline
/// to stderr as one block.
inline void write_error_line(std::string line) {
  std::cout.flush();
  line += '\n';
  const char* data = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t written = ::write(STDERR_FILENO, data, left);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;  // stderr is gone: nothing better to do with the message
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

}  // namespace vitvmc
