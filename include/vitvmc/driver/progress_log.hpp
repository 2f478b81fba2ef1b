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

/// Exact ground-state energy per site (S units, periodic) for the lattices DESIGN.md lists, NaN
/// otherwise.
Real reference_energy_per_site(Index lx, Index ly, Real j2);
/// Shastry-Sutherland: -3/8 j2 (the dimer product) where it is exact, |j1| <= j2 / 2; NaN
/// otherwise.
Real shastry_sutherland_reference_per_site(const LatticeConfig& lattice);

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
