#include "vitvmc/driver/progress_log.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>

#include "vitvmc/job/traffic_summary.hpp"
#include "vitvmc/lattice/lattice_kind.hpp"
#include "vitvmc/util/json.hpp"

namespace vitvmc {
namespace {

std::string format_duration(double seconds) {
  const long s = std::lround(seconds);
  std::ostringstream out;
  if (s >= 3600) out << s / 3600 << "h";
  if (s >= 60) out << std::setw(s >= 3600 ? 2 : 1) << std::setfill('0') << (s / 60) % 60 << "m";
  out << std::setw(s >= 60 ? 2 : 1) << std::setfill('0') << s % 60 << "s";
  return out.str();
}

}  // namespace

ProgressLog::ProgressLog(const Communicator& comm) : is_root_(comm.rank() == 0) {}

void ProgressLog::info(const std::string& line) const {
  if (!is_root_) return;
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

namespace {
// Split-R-hat needs at least 4 samples per chain; with fewer it is undefined (NaN), shown "n/a".
std::string r_hat_text(double r_hat) {
  if (!std::isfinite(r_hat)) return "n/a";
  std::ostringstream s;
  s << std::fixed << std::setprecision(3) << r_hat;
  return s.str();
}
}  // namespace

void ProgressLog::step(Index step, Index total_steps, const VmcStepResult& r,
                       double seconds_per_step) const {
  const EnergyEstimate& e = r.estimate;
  std::ostringstream line;
  line << "step " << std::setw(5) << step << "/" << total_steps << "  E/N = " << std::fixed
       << std::setprecision(6) << e.energy_per_site << " +- " << std::setprecision(6)
       << e.error_per_site << "  var " << std::setprecision(4) << std::scientific << e.variance
       << "  V " << e.v_score << std::fixed << "  acc " << std::setprecision(3) << e.acceptance
       << "  Rhat " << r_hat_text(e.r_hat);
  if (e.importance_weighted)
    line << "  ESS " << std::setprecision(2)
         << e.effective_samples / static_cast<double>(e.samples);
  line << "  " << std::setprecision(2) << seconds_per_step << " s/step  ETA "
       << format_duration(seconds_per_step * static_cast<double>(total_steps - step));
  if (!r.stage_label.empty()) line << "  stage " << r.stage_label;
  if (r.rejected)
    line << "  REJECTED (non-finite), shift raised x10 (was " << std::scientific << r.diag_shift
         << ")";
  info(line.str());
}

namespace {

// One object: add a key with one line (scripts read these names; keep the existing ones).
Json summary_json(const RunSummary& s, const RunContext& ctx) {
  const EnergyEstimate& e = s.final_estimate;
  const LatticeConfig& l = ctx.config.lattice;
  const std::optional<ReferenceEnergy> ref = lattice_definition(l.type).reference_energy(l);
  const Real nan = std::numeric_limits<Real>::quiet_NaN();
  const Real reference = ref ? ref->energy_per_site : nan;
  Json j;
  j["energy_per_site"] = json_number(e.energy_per_site);
  j["energy_per_site_error"] = json_number(e.error_per_site);
  j["variance"] = json_number(e.variance);
  j["v_score"] = json_number(e.v_score);
  j["r_hat"] = json_number(e.r_hat);
  j["acceptance"] = json_number(e.acceptance);
  j["effective_samples"] = json_number(e.effective_samples);
  j["exact_energy_per_site"] = json_number(ref && ref->exact ? reference : nan);
  j["reference_energy_per_site"] = json_number(reference);
  j["reference_source"] = ref ? Json(std::string(ref->source)) : Json(nullptr);
  // |E - E0| / |E0|: against the exact energy where one is known, else the published reference.
  j["relative_error"] = json_number(std::abs((e.energy_per_site - reference) / reference));
  j["units"] = "energy per site, spin-1/2 S units (NetKet Pauli units are 4x)";
  j["lattice"] = {{"lx", l.lx}, {"ly", l.ly}, {"j1", json_number(l.j1)}, {"j2", json_number(l.j2)}};
  j["lattice"]["type"] = l.type;
  j["model"] = s.model_description;
  j["n_params"] = s.n_params;
  j["steps"] = s.steps;
  j["ranks"] = s.ranks;
  j["samples"] = e.samples;
  j["wall_seconds"] = json_number(s.wall_seconds);
  j["peak_rss_bytes_per_rank"] = json_number(s.peak_rss_bytes_per_rank);
  j["planned_peak_bytes_per_rank"] = json_number(s.planned_peak_bytes_per_rank);
  Json& timers = j["timers"] = Json::object();
  for (std::size_t i = 0; i < kPhaseNames.size(); ++i)
    timers[std::string(kPhaseNames[i])] = json_number(s.timers.seconds[i]);
  j.update(collective_traffic_json(s.traffic, s.traffic_last_step));
  if (!s.init_from.is_null()) j["init_from"] = s.init_from;
  return j;
}

}  // namespace

void write_summary_json(const std::string& dir, const RunSummary& s, const RunContext& ctx) {
  if (ctx.comm.rank() != 0) return;
  const std::filesystem::path final_path = std::filesystem::path(dir) / "summary.json";
  const std::filesystem::path tmp = final_path.string() + ".tmp";
  {
    std::ofstream out(tmp);
    out << json_text(summary_json(s, ctx), 2) << "\n";
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, final_path);
}

}  // namespace vitvmc
