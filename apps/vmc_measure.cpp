// vmc_measure: observables of a trained state from a vmc_dist checkpoint, with fresh samples.
//   mpirun -n R vmc_measure --checkpoint PATH [--measure.samples M] [--output FILE.h5] [--json]
//                           [--sampler.KEY VALUE ...]
// Argument handling and printing only: the measurement is driver/measurement.hpp, the --output file
// io/measurement_file.hpp. Exit codes as vmc_dist: 0 success, 2 bad input or unusable checkpoint
// (every rank ends), 1 any other error.
#include <cmath>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/driver/measurement.hpp"
#include "vitvmc/driver/trained_state.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/measurement_file.hpp"
#include "vitvmc/parallel/environment.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/error_line.hpp"
#include "vitvmc/util/json.hpp"

namespace vitvmc {
namespace {

constexpr int kExitBadInput = 2;
constexpr Index kDefaultSamples = 4096;

const char* const kHelp =
    "vmc_measure --checkpoint PATH [options]: observables of a vmc_dist checkpoint\n"
    "  --checkpoint PATH        checkpoint.h5 (or checkpoint-<step>.h5) written by vmc_dist\n"
    "  --measure.samples M      fresh samples (default: the run's measure.samples, else 4096)\n"
    "  --output FILE.h5         write energy, structure factor and attention maps (rank 0)\n"
    "  --output.samples         also write every sample's E_loc and weight to --output\n"
    "  --json                   print one JSON line with the results\n"
    "  --attention.freeze       also measure the model (standard or decoupled attention) with\n"
    "                           every map A(sigma) replaced by its mean over the samples "
    "(docs/attention.md)\n"
    "  --sampler.KEY VALUE      override the run's sampler options (chains, sweeps, discard,\n"
    "                           warmup, seed); the same chain count and seed continue the saved\n"
    "                           chains, others start new ones (warmed up)\n"
    "  --sampler.psi_power Q    chains of |psi|^Q, 0 < Q <= 2, reweighted to |psi|^2 (default 2;\n"
    "                           Q = 1 sees the states of small |psi| that carry the variance,\n"
    "                           docs/statistics.md)\n";

struct MeasureOptions {
  std::string checkpoint;
  std::string output;
  bool json = false;
  bool help = false;
  bool freeze = false;       ///< --attention.freeze
  bool samples_out = false;  ///< --output.samples
  std::optional<Index> samples;
  std::vector<std::string> sampler_overrides;  ///< "--sampler.key", "value" pairs
  bool psi_power_given = false;                ///< --sampler.psi_power among them
};

MeasureOptions parse_options(int argc, char** argv) {
  MeasureOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      require_input(i + 1 < argc, a, "needs a value");
      return argv[++i];
    };
    if (a == "--help") {
      o.help = true;
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "--attention.freeze") {
      o.freeze = true;
    } else if (a == "--output.samples") {
      o.samples_out = true;
    } else if (a == "--checkpoint") {
      o.checkpoint = value();
    } else if (a == "--output") {
      o.output = value();
    } else if (a == "--measure.samples") {
      const std::string v = value();
      std::size_t used = 0;
      long long m = -1;
      try {
        m = std::stoll(v, &used);
      } catch (const std::exception&) {
      }
      require_input(used == v.size() && m > 0, a, "must be a positive integer, got '" + v + "'");
      o.samples = m;
    } else if (a.rfind("--sampler.", 0) == 0) {
      o.psi_power_given = o.psi_power_given || a == "--sampler.psi_power";
      o.sampler_overrides.push_back(a);
      o.sampler_overrides.push_back(value());
    } else {
      throw InvalidInput(a, "unknown option (see vmc_measure --help)");
    }
  }
  require_input(o.help || !o.checkpoint.empty(), "--checkpoint", "is required");
  require_input(!o.samples_out || !o.output.empty(), "--output.samples",
                "needs --output FILE.h5 (the file the samples go to)");
  return o;
}

// D per layer and head, and each head's mean map by patch displacement (dy rows, dx columns);
// `label` names the maps ("attention", or "attention <term> term" for decoupled attention's terms).
void print_attention(const MapStatistics& a, Index heads, Index gx, const std::string& label) {
  for (std::size_t l = 0; l < a.spread.size(); ++l) {
    std::cout << "  " << label << " layer " << l << ": spread D =";
    for (Index mu = 0; mu < heads; ++mu) std::cout << " " << a.spread[l](mu);
    std::cout << "  (per head; 0 = input-independent)\n";
    for (Index mu = 0; mu < heads; ++mu) {
      std::cout << "    head " << mu << " mean map by displacement (dx across, dy down):\n";
      const RealMatrix& t = a.by_displacement[l];
      for (Index k = 0; k < t.cols(); ++k)
        std::cout << (k % gx == 0 ? "      " : " ") << std::setprecision(4) << std::setw(10)
                  << t(mu, k) << (k % gx == gx - 1 ? "\n" : "");
    }
  }
  std::cout << std::setprecision(10);
}
void print_attention(const AttentionMeasurement& a, Index gx) {
  print_attention(a, a.heads, gx, "attention");
  for (const MapTermStatistics& t : a.terms)
    print_attention(t.stats, a.heads, gx, "attention " + t.name + " term");
}

// One line per non-empty decade of the states' own probability p (exact mode).
void print_weight_profile(const WeightProfile& w, Index n_sites) {
  std::cout
      << "  by the states' own probability p (mass = sum of p; energy = pull on E/N; variance "
         "share):\n";
  for (int k = 0; k < WeightProfile::kDecades; ++k) {
    if (w.states[k] == 0) continue;
    const auto uk = static_cast<std::size_t>(k);
    std::cout << "    p "
              << (k + 1 < WeightProfile::kDecades ? "in [1e-" + std::to_string(k + 1)
                                                  : std::string("below [0"))
              << ", 1e-" << k << "): " << w.states[uk] << " states, mass " << w.mass[uk]
              << ", energy " << w.energy[uk] / static_cast<Real>(n_sites) << ", variance "
              << w.variance[uk] << "\n";
  }
}

Json weight_profile_json(const WeightProfile& w, Index n_sites) {
  Json bins = Json::array();
  for (int k = 0; k < WeightProfile::kDecades; ++k) {
    const auto uk = static_cast<std::size_t>(k);
    if (w.states[uk] == 0) continue;
    const bool last = k + 1 == WeightProfile::kDecades;
    bins.push_back({{"p_from", last ? 0.0 : std::pow(10.0, -(k + 1))},
                    {"p_to", std::pow(10.0, -k)},
                    {"states", w.states[uk]},
                    {"mass", json_number(w.mass[uk])},
                    {"energy_per_site", json_number(w.energy[uk] / static_cast<Real>(n_sites))},
                    {"variance", json_number(w.variance[uk])}});
  }
  return bins;
}

const char* chain_start_name(ChainStart start) {
  switch (start) {
    case ChainStart::kExact:
      return "exact enumeration";
    case ChainStart::kRestored:
      return "saved chains";
    case ChainStart::kRewarmed:
      return "saved chains warmed up for the measurement's psi_power";
    case ChainStart::kNew:
      return "new chains";
  }
  return "";
}

std::string format_shape(Real k) {
  if (!std::isfinite(k)) return "n/a";
  std::ostringstream o;
  o << std::setprecision(2) << std::fixed << k;
  return o.str();
}

// The warnings of docs/statistics.md: heavy tails (Pareto shape above PSIS's limit) or unmixed
// chains.
std::vector<std::string> statistics_warnings(const Measurement& m) {
  std::vector<std::string> w;
  if (m.exact()) return w;
  const TailDiagnostics& t = m.energy.tail;
  const std::string remedy =
      m.psi_power == 2 ? "; measure with --sampler.psi_power 1, whose chains see these states" : "";
  const auto tail = [&](const char* what, const char* terms, Real k, const char* consequence) {
    return std::string("the ") + what + " is not to be trusted: the largest " + terms +
           " have a tail of shape k = " + format_shape(k) + " > " + format_shape(t.shape_limit) +
           " (" + consequence + ")" + remedy;
  };
  if (!t.error_trusted())
    w.push_back(tail("error bar", "|E_loc - <E>|", t.energy_shape, "few samples carry the spread"));
  if (!t.variance_trusted())
    w.push_back(tail("variance", "|E_loc - <E>|^2", t.variance_shape,
                     "it is likely too low, and so are V-score and error bar"));
  if (m.energy.r_hat > kMaxMixedRHat)
    w.push_back("the chains have not mixed: R-hat " + std::to_string(m.energy.r_hat) +
                " > 1.1; the error bar is too small (more --sampler.warmup or samples)");
  return w;
}

void print_energy(const Measurement& m) {
  const EnergyStatistics& e = m.energy;
  std::cout << "  E/N = " << e.energy_per_site << " +- " << e.error_per_site << "  variance "
            << e.variance;
  if (!m.exact()) std::cout << " +- " << e.variance_error;
  std::cout << "  V-score " << e.v_score << "  R-hat " << e.r_hat << "\n";
  if (m.exact()) return;
  if (m.psi_power != 2)
    std::cout << "  chains of |psi|^" << m.psi_power
              << " reweighted to |psi|^2: " << e.effective_samples << " effective samples of "
              << e.n_samples << "\n";
  std::cout << "  tails: tail shape k " << format_shape(e.tail.energy_shape) << " (energy), "
            << format_shape(e.tail.variance_shape) << " (variance; above "
            << format_shape(e.tail.shape_limit)
            << " not to be trusted), largest sample's share of the variance "
            << e.tail.largest_share << "\n";
  for (const std::string& w : statistics_warnings(m)) std::cout << "  warning: " << w << "\n";
}

// [layer][head] D and [layer][head][k] mean by displacement.
std::pair<Json, Json> map_statistics_json(const MapStatistics& a) {
  Json spread = Json::array(), table = Json::array();
  for (std::size_t l = 0; l < a.spread.size(); ++l) {
    const RealVector& d = a.spread[l];
    spread.push_back(std::vector<double>(d.data(), d.data() + d.size()));
    const RealMatrix& t = a.by_displacement[l];
    Json heads = Json::array();
    for (Index mu = 0; mu < t.rows(); ++mu) {
      const RealVector row = t.row(mu).transpose();
      heads.push_back(std::vector<double>(row.data(), row.data() + row.size()));
    }
    table.push_back(heads);
  }
  return {spread, table};
}

Json attention_json(const AttentionMeasurement& a) {
  const auto [spread, table] = map_statistics_json(a);
  Json j = {{"attention_spread", spread}, {"attention_by_displacement", table}};
  if (a.terms.empty()) return j;
  Json terms = Json::object();
  for (const MapTermStatistics& t : a.terms) {
    const auto [term_spread, term_table] = map_statistics_json(t.stats);
    terms[t.name] = {{"spread", term_spread}, {"by_displacement", term_table}};
  }
  j["attention_terms"] = terms;
  return j;
}

// One JSON line; error_per_site is kept as an alias of energy_per_site_error (docs/running.md).
Json measurement_json(const Measurement& m) {
  const EnergyStatistics& e = m.energy;
  Json j = {{"step", m.step},
            {"samples", e.n_samples},
            {"energy_per_site", json_number(e.energy_per_site)},
            {"energy_per_site_error", json_number(e.error_per_site)},
            {"error_per_site", json_number(e.error_per_site)},
            {"variance", json_number(e.variance)},
            {"variance_error", json_number(e.variance_error)},
            {"v_score", json_number(e.v_score)},
            {"r_hat", json_number(e.r_hat)},
            {"acceptance", json_number(m.acceptance)},
            {"psi_power", m.psi_power},
            {"effective_samples", json_number(e.effective_samples)},
            {"energy_tail_shape", json_number(e.tail.energy_shape)},
            {"variance_tail_shape", json_number(e.tail.variance_shape)},
            {"largest_variance_share", json_number(e.tail.largest_share)},
            {"error_trusted", e.error_trusted()},
            {"variance_trusted", e.variance_trusted()},
            {"warnings", statistics_warnings(m)}};
  for (const StructureFactorStatistics& s : m.structure) {
    j["s_" + std::string(s.q.name)] = json_number(s.stats.energy_per_site);
    j["s_" + std::string(s.q.name) + "_error"] = json_number(s.stats.error_per_site);
  }
  j["lx"] = m.lx;
  j["ly"] = m.ly;
  j["exact"] = m.exact();
  j["model"] = m.model;
  j["n_params"] = m.n_params;
  if (m.attention) {
    j["forward_flops_per_sample"] = json_number(m.forward_flops_per_sample);
    j.update(attention_json(*m.attention));
    j["patch_grid"] = {m.gx, m.gy};
  }
  if (m.profile) j["weight_profile"] = weight_profile_json(*m.profile, m.n_sites);
  if (m.frozen) {
    j["freeze_energy_per_site"] = json_number(m.frozen->energy_per_site);
    j["freeze_error_per_site"] = json_number(m.frozen->error_per_site);
  }
  return j;
}

void print_report(const Measurement& m, bool json) {
  std::cout << std::setprecision(10) << "vmc_measure: " << m.checkpoint << " (step " << m.step
            << "), " << m.energy.n_samples << " samples, " << chain_start_name(m.chains)
            << ", acceptance " << m.acceptance << "\n";
  print_energy(m);
  for (const StructureFactorStatistics& s : m.structure)
    std::cout << "  S(" << s.q.name << ") = " << s.stats.energy_per_site << " +- "
              << s.stats.error_per_site << "\n";
  if (m.profile) print_weight_profile(*m.profile, m.n_sites);
  if (m.attention) print_attention(*m.attention, m.gx);
  if (m.frozen)
    std::cout << "  attention frozen to the mean maps: E/N = " << m.frozen->energy_per_site
              << " +- " << m.frozen->error_per_site << "  change "
              << m.frozen->energy_per_site - m.energy.energy_per_site << " +- "
              << std::hypot(m.frozen->error_per_site, m.energy.error_per_site) << "\n";
  if (json) std::cout << json_text(measurement_json(m)) << std::endl;
}

int run(MpiEnvironment& env, int argc, char** argv) {
  const Communicator& comm = env.world();
  const bool root = comm.rank() == 0;
  try {
    const MeasureOptions o = parse_options(argc, argv);
    if (o.help) {
      if (root) std::cout << kHelp;
      return 0;
    }
    const CheckpointData saved = read_trained_state(o.checkpoint, 0, comm);
    // The run's configuration with our sampler overrides, read the way vmc_dist reads its own;
    // |psi|^2 chains unless told otherwise, whatever power the run's chains sampled.
    RunConfig config = run_config_from_echo(saved.config_echo, o.sampler_overrides);
    if (!o.psi_power_given) config.sampler.psi_power = 2;
    const RunContext ctx(config, config_to_ini(config), comm);
    MeasureRequest request;
    request.checkpoint = o.checkpoint;
    request.samples =
        o.samples.value_or(config.measure.samples > 0 ? config.measure.samples : kDefaultSamples);
    request.freeze = o.freeze;
    request.run_psi_power = run_config_from_echo(saved.config_echo).sampler.psi_power;
    request.keep_samples = o.samples_out;
    const Measurement m = measure_trained_state(ctx, saved, request);
    if (root) {
      print_report(m, o.json);
      if (!o.output.empty()) write_measurement_file(o.output, measurement_file(m));
    }
    comm.barrier();
    return 0;
  } catch (const InvalidInput& e) {
    if (root) write_error_line(std::string("vmc_measure: error: ") + e.what());
  } catch (const CheckpointError& e) {
    if (root) write_error_line(std::string("vmc_measure: error: --checkpoint: ") + e.what());
  }
  return kExitBadInput;
}

}  // namespace
}  // namespace vitvmc

int main(int argc, char** argv) {
  vitvmc::MpiEnvironment env(argc, argv);
  try {
    return vitvmc::run(env, argc, argv);
  } catch (const std::exception& e) {
    vitvmc::write_error_line("vmc_measure: fatal error on rank " +
                             std::to_string(env.world().rank()) + ": " + e.what());
    vitvmc::MpiEnvironment::abort_all(1);
  }
}
