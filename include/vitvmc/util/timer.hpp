#pragma once
/// \file timer.hpp
/// Per-phase wall-clock totals (sampling, local_energy, jacobian, sr_matrix, sr_solve,
/// communication, io) and a scoped timer that adds to one of them.

#include <array>
#include <chrono>
#include <string_view>

#include "vitvmc/util/phase.hpp"

namespace vitvmc {

struct PhaseTimers {
  std::array<double, static_cast<int>(Phase::kCount)> seconds{};
  double& operator[](Phase p) { return seconds[static_cast<std::size_t>(p)]; }
  double operator[](Phase p) const { return seconds[static_cast<std::size_t>(p)]; }
  PhaseTimers& operator+=(const PhaseTimers& other) {
    for (std::size_t i = 0; i < seconds.size(); ++i) seconds[i] += other.seconds[i];
    return *this;
  }
};

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Adds the lifetime of the scope to timers[phase] (and marks it as that phase).
class ScopedTimer {
 public:
  ScopedTimer(PhaseTimers& timers, Phase phase)
      : timers_(timers), phase_(phase), scope_(phase), start_(std::chrono::steady_clock::now()) {}
  ~ScopedTimer() { timers_[phase_] += seconds_since(start_); }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  PhaseTimers& timers_;
  Phase phase_;
  PhaseScope scope_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace vitvmc
