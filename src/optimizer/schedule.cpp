#include "vitvmc/optimizer/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "vitvmc/util/error.hpp"

namespace vitvmc {

Real Schedule::at(Index step) const {
  const Real t =
      total_steps <= 1
          ? 0.0
          : std::clamp(static_cast<Real>(step) / static_cast<Real>(total_steps - 1), 0.0, 1.0);
  switch (kind) {
    case ScheduleKind::constant:
      return initial;
    case ScheduleKind::cosine:
      return initial *
             (final_fraction + (1 - final_fraction) * 0.5 * (1 + std::cos(std::numbers::pi * t)));
    case ScheduleKind::exponential:
      return initial * std::pow(final_fraction, t);
  }
  return initial;
}

}  // namespace vitvmc
