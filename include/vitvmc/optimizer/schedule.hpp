#pragma once
/// \file schedule.hpp
/// Learning-rate schedules: constant, cosine decay and exponential decay from `initial` (step 0) to
/// `initial * final_fraction` (last step).

#include "vitvmc/config/kinds.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

struct Schedule {
  ScheduleKind kind = ScheduleKind::constant;
  Real initial = 0.0;
  Real final_fraction = 1.0;
  Index total_steps = 1;

  /// Value at `step` in [0, total_steps); clamps outside.
  Real at(Index step) const;
};

}  // namespace vitvmc
