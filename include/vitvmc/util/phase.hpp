#pragma once
/// \file phase.hpp
/// The phases of a VMC step that timers and traffic counters are attributed to, and the phase the
/// calling thread is in now.

#include <array>
#include <string_view>

namespace vitvmc {

enum class Phase {
  kSampling,
  kLocalEnergy,
  kJacobian,
  kSrMatrix,
  kSrSolve,
  kCommunication,
  kIo,
  kCount
};

inline constexpr std::array<std::string_view, static_cast<int>(Phase::kCount)> kPhaseNames = {
    "sampling", "local_energy", "jacobian", "sr_matrix", "sr_solve", "communication", "io"};

/// The phase the calling thread is in (innermost PhaseScope / ScopedTimer; kCount outside any):
/// what the collective byte counters (parallel/traffic.hpp) attribute their bytes to.
inline Phase& active_phase() {
  thread_local Phase phase = Phase::kCount;
  return phase;
}

/// Marks the scope as `phase` (restoring the enclosing one at exit) without timing it.
class PhaseScope {
 public:
  explicit PhaseScope(Phase phase) : previous_(active_phase()) { active_phase() = phase; }
  ~PhaseScope() { active_phase() = previous_; }
  PhaseScope(const PhaseScope&) = delete;
  PhaseScope& operator=(const PhaseScope&) = delete;

 private:
  Phase previous_;
};

}  // namespace vitvmc
