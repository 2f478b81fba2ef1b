#include "vitvmc/optimizer/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "vitvmc/util/error.hpp"

namespace vitvmc {

ScheduleKind parse_schedule(const std::string& name, const std::string& option) {
  if (name == "constant") return ScheduleKind::kConstant;
  if (name == "cosine") return ScheduleKind::kCosine;
  if (name == "exponential") return ScheduleKind::kExponential;
  throw InvalidInput(option, "must be one of constant | cosine | exponential, got '" + name + "'");
}

Real Schedule::at(Index step) const {
  const Real t =
      total_steps <= 1
          ? 0.0
          : std::clamp(static_cast<Real>(step) / static_cast<Real>(total_steps - 1), 0.0, 1.0);
  switch (kind) {
    case ScheduleKind::kConstant:
      return initial;
    case ScheduleKind::kCosine:
      return initial *
             (final_fraction + (1 - final_fraction) * 0.5 * (1 + std::cos(std::numbers::pi * t)));
    case ScheduleKind::kExponential:
      return initial * std::pow(final_fraction, t);
  }
  return initial;
}

}  // namespace vitvmc
