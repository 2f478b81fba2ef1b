// vmc_measure: observables of a trained state from a vmc_dist checkpoint, with fresh samples.
//   mpirun -n R vmc_measure --checkpoint PATH [--measure.samples M] [--output FILE.h5] [--json]
//                           [--sampler.KEY VALUE ...]
// Measures E/N (error, variance, V-score), the spin structure factor at (pi,pi) and (pi,0), and for
// a plain ViT the attention maps averaged over samples with their spread. Exit codes as vmc_dist: 0
// success, 2 bad input or unusable checkpoint (every rank ends), 1 any other error.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <numbers>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/config/stages.hpp"
#include "vitvmc/driver/attention_measurement.hpp"
#include "vitvmc/driver/checkpointing.hpp"
#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/driver/vmc_step.hpp"
#include "vitvmc/estimator/local_energy.hpp"
#include "vitvmc/estimator/statistics.hpp"
#include "vitvmc/estimator/weight_profile.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/h5.hpp"
#include "vitvmc/io/h5_data.hpp"
#include "vitvmc/model/attention_conversion.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/model/vit.hpp"
#include "vitvmc/parallel/collectives.hpp"
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
    "  --json                   print one JSON line with the results\n"
    "  --attention.freeze       also measure the standard-attention model with every map\n"
    "                           A(sigma) replaced by its mean over the samples "
    "(docs/attention.md)\n"
    "  --sampler.KEY VALUE      override the run's sampler options (chains, sweeps, discard,\n"
    "                           warmup, seed); the same chain count restores the saved chains\n";

struct MeasureOptions {
  std::string checkpoint;
  std::string output;
  bool json = false;
  bool help = false;
  bool freeze = false;  ///< --attention.freeze
  std::optional<Index> samples;
  std::vector<std::string> sampler_overrides;  ///< "--sampler.key", "value" pairs
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
      require_input(
          a != "--sampler.psi_power", a,
          "vmc_measure always samples |psi|^2 (the run's power only steered its training)");
      o.sampler_overrides.push_back(a);
      o.sampler_overrides.push_back(value());
    } else {
      throw InvalidInput(a, "unknown option (see vmc_measure --help)");
    }
  }
  require_input(o.help || !o.checkpoint.empty(), "--checkpoint", "is required");
  return o;
}

// Statistics of a per-sample observable x (chain-major batch) over all ranks' chains, combined in
// global chain order. With n_sites = 1 the "per site" fields are the plain mean and error.
EnergyStatistics chain_statistics(const ComplexVector& x, Index samples_per_chain, Index n_sites,
                                  const Communicator& comm) {
  const std::vector<Real> local = pack_summaries(summarize_chains(x, samples_per_chain));
  return combine_chains(unpack_summaries(allgatherv(std::span<const Real>(local), comm)), n_sites);
}

struct StructureFactor {
  Real qx, qy;
  const char* name;
  EnergyStatistics stats;
};

// Per-sample S(q) = (1/N) |sum_i S^z_i e^{i q r_i}|^2, whose average is
// (1/N) sum_ij <S^z_i S^z_j> e^{i q (r_i - r_j)}.
ComplexVector structure_factor_samples(const ConfigBatch& configs, const SquareLattice& lattice,
                                       Real qx, Real qy) {
  const Index n = lattice.n_sites();
  std::vector<Complex> phase(static_cast<std::size_t>(n));
  for (Index s = 0; s < n; ++s) {
    const auto [x, y] = lattice.coordinates(s);
    phase[static_cast<std::size_t>(s)] =
        std::polar(0.5, qx * static_cast<Real>(x) + qy * static_cast<Real>(y));
  }
  ComplexVector out(configs.rows());
  for (Index r = 0; r < configs.rows(); ++r) {
    Complex m = 0;
    for (Index s = 0; s < n; ++s) m += static_cast<Real>(configs(r, s)) * phase[s];
    out(r) = std::norm(m) / static_cast<Real>(n);
  }
  return out;
}

struct Measurement {
  std::string checkpoint;
  Index step = 0;
  Index n_sites = 0;
  Index lx = 0, ly = 0;
  Index gx = 0, gy = 0;  ///< patch grid
  EnergyStatistics energy;
  Real acceptance = 0;
  bool chains_restored = false;
  std::vector<StructureFactor> structure;
  std::optional<AttentionMeasurement> attention;
  std::optional<EnergyStatistics> frozen;  ///< --attention.freeze: A(sigma) -> mean map
  std::string model;                       ///< the model's description
  Index n_params = 0;
  double forward_flops_per_sample = 0;   ///< ViT only
  bool exact = false;                    ///< exact enumeration instead of Markov chains
  std::optional<WeightProfile> profile;  ///< exact mode: where probability and variance lie
  bool chains_rewarmed = false;          ///< saved chains of |psi|^q, q != 2, warmed up for |psi|^2
};

// This rank's chains: the checkpoint's when the chain count is unchanged, otherwise new ones
// warmed up.
ChainSet make_chains(const RunContext& ctx, const std::string& path, Index n_saved,
                     bool& restored) {
  const Index chains = ctx.config.sampler.chains;
  const auto [first, count] = block_chain_range(chains, ctx.comm.rank(), ctx.comm.size());
  restored = n_saved == chains;
  if (!restored) return ChainSet(ctx.lattice.n_sites(), first, count, ctx.config.sampler.seed);
  const CheckpointData c = read_checkpoint(path, first, count, ctx.comm);
  ChainSet set(ctx.lattice.n_sites(), first, count, c.sampler_seed);
  set.restore(c.configs, c.log_psi, c.rng_counters);
  return set;
}

// Samples of psi with their energy statistics: this rank's Markov chains, or (chains == nullptr)
// its share of the enumerated sector with |psi|^2 / Z weights. Collective.
struct Evaluation {
  SampleBatch batch;
  ComplexVector e_loc;  ///< the rows' local energies
  EnergyStatistics energy;
  Index per_chain = 0;  ///< stored samples per chain; 0 in exact mode
};

Evaluation evaluate(const RunContext& ctx, std::unique_ptr<WaveFunction>& psi, ChainSet* chains,
                    Index samples) {
  const SamplerConfig& c = ctx.config.sampler;
  Evaluation ev;
  if (chains == nullptr) {
    VmcState state;  // the driver's exact-mode path works on a state
    state.psi = std::move(psi);
    PhaseTimers timers;
    ev.batch = draw_samples(state, ctx, 0, timers);
    ev.e_loc = compute_local_energies(ev.batch, ctx, *state.psi, timers);
    ev.energy = energy_statistics(ev.batch, ev.e_loc, ctx, timers);
    psi = std::move(state.psi);
    return ev;
  }
  ev.per_chain = (samples + c.chains - 1) / c.chains;
  ev.batch = ctx.sampler.sample(*chains, *psi, ev.per_chain, c.sweeps, c.discard);
  ev.e_loc = local_energies(ctx.hamiltonian, *psi, ev.batch.configs, ev.batch.log_psi, 8192);
  ev.energy = chain_statistics(ev.e_loc, ev.per_chain, ctx.lattice.n_sites(), ctx.comm);
  return ev;
}

// Exact mode: the sector's weight profile, summed over ranks in rank order.
WeightProfile sector_weight_profile(const Evaluation& ev, const Communicator& comm) {
  const auto local =
      weight_profile(ev.e_loc, ev.batch.weights, ev.batch.multiplicity, ev.energy.mean).to_array();
  const std::vector<Real> total = allreduce_sum_deterministic(std::span<const Real>(local), comm);
  std::array<Real, 4 * WeightProfile::kDecades> sum{};
  std::copy(total.begin(), total.end(), sum.begin());
  return WeightProfile::from_array(sum);
}

// Exact mode: sum_i w_i x_i over every rank's share of the sector (error 0).
EnergyStatistics weighted_mean(const ComplexVector& x, const RealVector& w,
                               const Communicator& comm) {
  Real sum[1] = {0.0};
  for (Index i = 0; i < x.size(); ++i) sum[0] += w(i) * x(i).real();
  allreduce_sum(std::span<Real>(sum, 1), comm);
  EnergyStatistics s;
  s.energy_per_site = sum[0];
  return s;
}

// --attention.freeze: the checkpoint's standard-attention ViT with A(sigma) replaced by the mean
// maps, i.e. factored attention with a full alpha = Abar and every other weight copied.
EnergyStatistics frozen_energy(const RunContext& ctx, const ModelConfig& model,
                               const WaveFunction& psi, const AttentionMeasurement& a,
                               Index samples) {
  std::unique_ptr<WaveFunction> frozen =
      make_wave_function(ctx.lattice, ctx.bonds, frozen_attention_config(model));
  set_attention_tables(psi.parameters().slices(), psi.parameters().values(), a.mean,
                       frozen->parameters(), "--attention.freeze");
  if (ctx.config.sampler.type == SamplerKind::exact)
    return evaluate(ctx, frozen, nullptr, samples).energy;
  const SamplerConfig& c = ctx.config.sampler;
  const auto [first, count] = block_chain_range(c.chains, ctx.comm.rank(), ctx.comm.size());
  ChainSet chains(ctx.lattice.n_sites(), first, count, c.seed + 1);
  ctx.sampler.sweep(chains, *frozen, c.warmup);
  return evaluate(ctx, frozen, &chains, samples).energy;
}

// `run_psi_power`: the |psi|^q the run's chains sampled (ctx samples |psi|^2).
Measurement measure(const RunContext& ctx, const CheckpointData& saved, const std::string& path,
                    Index samples, bool freeze, Real run_psi_power) {
  const RunConfig& c = ctx.config;
  const bool exact = c.sampler.type == SamplerKind::exact;
  require_input(
      exact || c.sampler.chains >= ctx.comm.size(), "--sampler.chains",
      "must be at least the number of MPI ranks (" + std::to_string(ctx.comm.size()) + ")");
  // A staged run's checkpoint holds theta of the stage that ran its last step.
  const ModelConfig model = model_at_step(c, saved.step);
  std::unique_ptr<WaveFunction> psi = make_wave_function(ctx.lattice, ctx.bonds, model);
  require_same_problem(saved, *psi, c);
  psi->parameters().values() = saved.theta;
  require_input(!freeze || (dynamic_cast<const ViTWaveFunction*>(psi.get()) != nullptr &&
                            model.attention == AttentionKind::standard),
                "--attention.freeze",
                "needs a checkpoint of a standard-attention ViT without symmetrisation, got " +
                    psi->describe());

  Measurement m;
  m.checkpoint = path;
  m.step = saved.step;
  m.n_sites = ctx.lattice.n_sites();
  m.lx = c.lattice.lx;
  m.ly = c.lattice.ly;
  m.exact = exact;
  m.gx = model.patch > 0 ? c.lattice.lx / model.patch : 0;
  m.gy = model.patch > 0 ? c.lattice.ly / model.patch : 0;
  m.model = psi->describe();
  m.n_params = psi->parameters().size();
  std::optional<ChainSet> chains;
  if (!exact) {
    chains = make_chains(ctx, path, saved.n_chains_total, m.chains_restored);
    // Saved chains of |psi|^q with q != 2 continue, but from a new warm-up for |psi|^2.
    const bool born = run_psi_power == 2;
    if (!m.chains_restored || !born) ctx.sampler.sweep(*chains, *psi, c.sampler.warmup);
    m.chains_rewarmed = m.chains_restored && !born;
  }
  const Evaluation ev = evaluate(ctx, psi, chains ? &*chains : nullptr, samples);
  m.energy = ev.energy;
  if (exact) m.profile = sector_weight_profile(ev, ctx.comm);
  std::uint64_t counts[2] = {ev.batch.accepted, ev.batch.proposed};
  allreduce_sum(std::span<std::uint64_t>(counts, 2), ctx.comm);
  m.acceptance = counts[1] ? static_cast<Real>(counts[0]) / static_cast<Real>(counts[1]) : 1.0;

  const Real pi = std::numbers::pi;
  for (StructureFactor q : {StructureFactor{pi, pi, "pi_pi", {}}, {pi, 0, "pi_0", {}}}) {
    const ComplexVector x = structure_factor_samples(ev.batch.configs, ctx.lattice, q.qx, q.qy);
    q.stats = exact ? weighted_mean(x, ev.batch.weights, ctx.comm)
                    : chain_statistics(x, ev.per_chain, 1, ctx.comm);
    m.structure.push_back(q);
  }
  if (const auto* vit = dynamic_cast<const ViTWaveFunction*>(psi.get())) {
    m.forward_flops_per_sample = vit->forward_flops_per_sample();
    m.attention = measure_attention(*vit, ev.batch, ctx.lattice, ctx.comm);
  }
  if (freeze) m.frozen = frozen_energy(ctx, model, *psi, *m.attention, samples);
  return m;
}

void write_scalar(hid_t loc, const std::string& name, double v, const std::string& units,
                  const std::string& description) {
  H5Dataset ds = h5_create_dataset(loc, name, h5_native_type<double>(), {});
  h5_write_rows(ds.id(), h5_native_type<double>(), &v, 0, 1);
  h5_annotate(ds.id(), units, description);
}

void write_matrix3(hid_t loc, const std::string& name, const RealMatrix& m, Index n,
                   const std::string& description) {
  H5Dataset ds = h5_create_dataset(
      loc, name, h5_native_type<double>(),
      {static_cast<hsize_t>(m.rows()), static_cast<hsize_t>(n), static_cast<hsize_t>(n)});
  h5_write_rows(ds.id(), h5_native_type<double>(), m.data(), 0, static_cast<hsize_t>(m.rows()));
  h5_annotate(ds.id(), "1", description);
}

void write_vector(hid_t loc, const std::string& name, const RealVector& v,
                  const std::string& description) {
  H5Dataset ds =
      h5_create_dataset(loc, name, h5_native_type<double>(), {static_cast<hsize_t>(v.size())});
  h5_write_rows(ds.id(), h5_native_type<double>(), v.data(), 0, static_cast<hsize_t>(v.size()));
  h5_annotate(ds.id(), "1", description);
}

void write_grid(hid_t loc, const std::string& name, const RealMatrix& m, Index gx, Index gy,
                const std::string& description) {
  H5Dataset ds = h5_create_dataset(
      loc, name, h5_native_type<double>(),
      {static_cast<hsize_t>(m.rows()), static_cast<hsize_t>(gy), static_cast<hsize_t>(gx)});
  h5_write_rows(ds.id(), h5_native_type<double>(), m.data(), 0, static_cast<hsize_t>(m.rows()));
  h5_annotate(ds.id(), "1", description);
}

void write_output(const std::string& path, const Measurement& m) {
  H5File file = h5_create_serial(path);
  h5_write_string_attribute(file.id(), "format", "vitvmc measurement");
  h5_write_string_attribute(file.id(), "checkpoint", m.checkpoint);
  h5_write_attribute<std::int64_t>(file.id(), "step", m.step);
  H5Group e = h5_create_group(file.id(), "energy");
  write_scalar(e.id(), "per_site", m.energy.energy_per_site, "J1/site", "<H>/N");
  write_scalar(e.id(), "error_per_site", m.energy.error_per_site, "J1/site", "error of <H>/N");
  write_scalar(e.id(), "variance", m.energy.variance, "J1^2", "<|E_loc - <H>|^2>");
  write_scalar(e.id(), "v_score", m.energy.v_score, "1", "N Var(E) / <E>^2");
  write_scalar(e.id(), "samples", static_cast<double>(m.energy.n_samples), "1", "samples used");
  H5Group sf = h5_create_group(file.id(), "structure_factor");
  for (const StructureFactor& q : m.structure) {
    H5Group g = h5_create_group(sf.id(), q.name);
    write_scalar(g.id(), "value", q.stats.energy_per_site, "1",
                 "S(q) = (1/N) sum_ij <S^z_i S^z_j> exp(i q (r_i - r_j))");
    write_scalar(g.id(), "error", q.stats.error_per_site, "1", "error of S(q)");
    write_scalar(g.id(), "qx", q.qx, "1/lattice spacing", "wave vector x");
    write_scalar(g.id(), "qy", q.qy, "1/lattice spacing", "wave vector y");
  }
  if (m.attention) {
    H5Group att = h5_create_group(file.id(), "attention");
    for (std::size_t l = 0; l < m.attention->mean.size(); ++l) {
      H5Group g = h5_create_group(att.id(), "layer" + std::to_string(l));
      const Index n = m.attention->patches;
      write_matrix3(g.id(), "mean", m.attention->mean[l], n,
                    "[head, I, J]: attention of patch I on patch J averaged over samples");
      write_vector(g.id(), "spread", m.attention->spread[l],
                   "[head]: D = E ||A(sigma) - mean||_F / ||mean||_F (docs/attention.md)");
      write_grid(g.id(), "by_displacement", m.attention->by_displacement[l], m.gx, m.gy,
                 "[head, dy, dx]: mean map averaged over patch pairs at displacement (dx, dy)");
    }
  }
  if (m.frozen) {
    H5Group f = h5_create_group(file.id(), "freeze");
    write_scalar(f.id(), "energy_per_site", m.frozen->energy_per_site, "J1/site",
                 "<H>/N with every attention map replaced by its mean");
    write_scalar(f.id(), "error_per_site", m.frozen->error_per_site, "J1/site", "its error");
  }
  file.close();
}

// D per layer and head, and each head's mean map by patch displacement (dy rows, dx columns).
void print_attention(const AttentionMeasurement& a, Index gx) {
  for (std::size_t l = 0; l < a.spread.size(); ++l) {
    std::cout << "  attention layer " << l << ": spread D =";
    for (Index mu = 0; mu < a.heads; ++mu) std::cout << " " << a.spread[l](mu);
    std::cout << "  (per head; 0 = input-independent)\n";
    for (Index mu = 0; mu < a.heads; ++mu) {
      std::cout << "    head " << mu << " mean map by displacement (dx across, dy down):\n";
      const RealMatrix& t = a.by_displacement[l];
      for (Index k = 0; k < t.cols(); ++k)
        std::cout << (k % gx == 0 ? "      " : " ") << std::setprecision(4) << std::setw(10)
                  << t(mu, k) << (k % gx == gx - 1 ? "\n" : "");
    }
  }
  std::cout << std::setprecision(10);
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

void print_report(const Measurement& m, bool json) {
  std::cout << std::setprecision(10) << "vmc_measure: " << m.checkpoint << " (step " << m.step
            << "), " << m.energy.n_samples << " samples, "
            << (m.exact             ? "exact enumeration"
                : m.chains_rewarmed ? "saved chains warmed up for |psi|^2"
                : m.chains_restored ? "saved chains"
                                    : "new chains")
            << ", acceptance " << m.acceptance << "\n  E/N = " << m.energy.energy_per_site << " +- "
            << m.energy.error_per_site << "  variance " << m.energy.variance << "  V-score "
            << m.energy.v_score << "  R-hat " << m.energy.r_hat << "\n";
  for (const StructureFactor& q : m.structure)
    std::cout << "  S(" << q.name << ") = " << q.stats.energy_per_site << " +- "
              << q.stats.error_per_site << "\n";
  if (m.profile) print_weight_profile(*m.profile, m.n_sites);
  if (m.attention) print_attention(*m.attention, m.gx);
  if (m.frozen)
    std::cout << "  attention frozen to the mean maps: E/N = " << m.frozen->energy_per_site
              << " +- " << m.frozen->error_per_site << "  change "
              << m.frozen->energy_per_site - m.energy.energy_per_site << " +- "
              << std::hypot(m.frozen->error_per_site, m.energy.error_per_site) << "\n";
  if (!json) return;
  Json j = {{"step", m.step},
            {"samples", m.energy.n_samples},
            {"energy_per_site", json_number(m.energy.energy_per_site)},
            {"error_per_site", json_number(m.energy.error_per_site)},
            {"variance", json_number(m.energy.variance)},
            {"v_score", json_number(m.energy.v_score)},
            {"acceptance", json_number(m.acceptance)}};
  for (const StructureFactor& q : m.structure) {
    j["s_" + std::string(q.name)] = json_number(q.stats.energy_per_site);
    j["s_" + std::string(q.name) + "_error"] = json_number(q.stats.error_per_site);
  }
  j["lx"] = m.lx;
  j["ly"] = m.ly;
  j["exact"] = m.exact;
  j["model"] = m.model;
  j["n_params"] = m.n_params;
  if (m.attention) {
    j["forward_flops_per_sample"] = json_number(m.forward_flops_per_sample);
    Json spread = Json::array(), table = Json::array();
    for (std::size_t l = 0; l < m.attention->spread.size(); ++l) {
      const RealVector& d = m.attention->spread[l];
      spread.push_back(std::vector<double>(d.data(), d.data() + d.size()));
      const RealMatrix& t = m.attention->by_displacement[l];
      Json heads = Json::array();
      for (Index mu = 0; mu < t.rows(); ++mu) {
        const RealVector row = t.row(mu).transpose();
        heads.push_back(std::vector<double>(row.data(), row.data() + row.size()));
      }
      table.push_back(heads);
    }
    j["attention_spread"] = spread;
    j["attention_by_displacement"] = table;
    j["patch_grid"] = {m.gx, m.gy};
  }
  if (m.profile) j["weight_profile"] = weight_profile_json(*m.profile, m.n_sites);
  if (m.frozen) {
    j["freeze_energy_per_site"] = json_number(m.frozen->energy_per_site);
    j["freeze_error_per_site"] = json_number(m.frozen->error_per_site);
  }
  std::cout << json_text(j) << std::endl;
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
    const CheckpointData saved = read_checkpoint(o.checkpoint, 0, 0, comm);
    // The run's configuration with our sampler overrides, read the way vmc_dist reads its own.
    const RunConfig run = run_config_from_echo(saved.config_echo, o.sampler_overrides);
    // Measure the Born distribution whatever |psi|^q the run's chains sampled (measure() warms
    // such chains up again).
    RunConfig config = run;
    config.sampler.psi_power = 2;
    const RunContext ctx(config, config_to_ini(run), comm);
    const Index samples =
        o.samples.value_or(run.measure.samples > 0 ? run.measure.samples : kDefaultSamples);
    const Measurement m =
        measure(ctx, saved, o.checkpoint, samples, o.freeze, run.sampler.psi_power);
    if (root) {
      print_report(m, o.json);
      if (!o.output.empty()) write_output(o.output, m);
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
