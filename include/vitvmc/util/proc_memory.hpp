#pragma once
/// \file proc_memory.hpp
/// Memory figures Linux reports in /proc: the peak resident set of this process (VmHWM) and the
/// node's MemTotal. 0 when the file or field is missing (not Linux).

#include <fstream>
#include <sstream>
#include <string>

namespace vitvmc {

/// "Key:   123 kB" line of a /proc file, in bytes; 0 when absent.
inline double proc_kb_field(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + ":", 0) != 0) continue;
    std::istringstream fields(line.substr(key.size() + 1));
    double kb = 0;
    fields >> kb;
    return kb * 1024;
  }
  return 0;
}

/// VmHWM: the most resident memory this process has had, in bytes.
inline double peak_resident_bytes() { return proc_kb_field("/proc/self/status", "VmHWM"); }

}  // namespace vitvmc
