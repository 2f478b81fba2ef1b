#pragma once
/// \file run_report.hpp
/// Everything a run tells its user, gathered behind one object: the start-up lines (header, memory
/// plan, restart), one progress line and one log.h5 row per step, stage changes, and at the end the
/// final line and summary.json. Rank 0 prints and writes; every rank calls (some parts are
/// collective: the summary's maxima over ranks).

#include <chrono>
#include <optional>
#include <string>

#include "vitvmc/driver/progress_log.hpp"
#include "vitvmc/driver/vmc_driver.hpp"
#include "vitvmc/io/run_log.hpp"
#include "vitvmc/sr/sr_solver.hpp"

namespace vitvmc {

class RunReport {
 public:
  /// Creates output.dir, prints the start-up lines and opens log.h5 (continued on a restart).
  RunReport(const RunContext& ctx, const PreparedRun& run, const ResourcePlan& plan,
            const SrSolver& solver);

  void info(const std::string& line) const { log_.info(line); }
  /// A new stage of --optimizer.stages began with the next step.
  void stage_started(const VmcState& state) const;
  /// The progress line and the log.h5 row of the step just done.
  void step_done(const VmcState& state, const VmcStepResult& r, double seconds);
  /// The estimate of the last step (what a run stopped early returns).
  const EnergyEstimate& last() const { return last_; }
  /// The final line and summary.json (collective); returns `final_estimate`.
  EnergyEstimate finish(const VmcState& state, const EnergyEstimate& final_estimate) const;

 private:
  const RunContext& ctx_;
  ProgressLog log_;
  std::optional<RunLog> run_log_;
  std::chrono::steady_clock::time_point start_;
  double planned_peak_bytes_;
  Json init_from_;
  EnergyEstimate last_;
  CollectiveTraffic last_step_traffic_;
};

}  // namespace vitvmc
