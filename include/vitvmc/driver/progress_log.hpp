#pragma once
/// \file progress_log.hpp
/// Human-readable output, printed by rank 0 only (the one place that decides who prints), and the
/// end-of-run summary.json.

#include <string>

#include "vitvmc/driver/vmc_step.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/util/json.hpp"

namespace vitvmc {

class ProgressLog {
 public:
  explicit ProgressLog(const Communicator& comm);
  /// Prints a line on rank 0 (stdout, flushed).
  void info(const std::string& line) const;
  /// One progress line: step, E/N +- error, variance, V-score, acceptance, R-hat, s/step, ETA.
  void step(Index step, Index total_steps, const VmcStepResult& r, double seconds_per_step) const;

 private:
  bool is_root_;
};

struct RunSummary {
  EnergyEstimate final_estimate;
  Index n_params = 0;
  Index steps = 0;
  int ranks = 1;
  double wall_seconds = 0;
  PhaseTimers timers;
  std::string model_description;
  CollectiveTraffic traffic;               ///< whole run, max over ranks (traffic_summary.hpp)
  CollectiveTraffic traffic_last_step;     ///< last optimisation step, max over ranks
  Json init_from;                          ///< --init.from record (init_from.hpp), or null for none
  double peak_rss_bytes_per_rank = 0;      ///< VmHWM, max over ranks (memory_budget.hpp)
  double planned_peak_bytes_per_rank = 0;  ///< the memory plan's peak (resource_plan.hpp)
};

/// Writes <dir>/summary.json atomically (temporary file + rename) on rank 0.
void write_summary_json(const std::string& dir, const RunSummary& summary, const RunContext& ctx);

}  // namespace vitvmc
