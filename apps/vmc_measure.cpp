// vmc_measure: observables of a trained state from a vmc_dist checkpoint, with fresh samples.
//   mpirun -n R vmc_measure --checkpoint PATH [--measure.samples M] [--output FILE.h5] [--json]
//                           [--sampler.KEY VALUE ...]
// Measures E/N (error, variance, V-score), the spin structure factor at (pi,pi) and (pi,0), and for
// a plain ViT the attention maps averaged over samples with their spread. Exit codes as vmc_dist: 0
// success, 2 bad input or unusable checkpoint (every rank ends), 1 any other error.
#include <unistd.h>

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
#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/estimator/local_energy.hpp"
#include "vitvmc/estimator/statistics.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/checkpoint_compat.hpp"
#include "vitvmc/io/h5.hpp"
#include "vitvmc/io/h5_data.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/model/vit.hpp"
#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/parallel/environment.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/json.hpp"

namespace vitvmc {
namespace {

constexpr int kExitBadInput = 2;
constexpr Index kDefaultSamples = 4096;
constexpr Index kAttentionChunk = 256;  // samples per attention_maps call (bounded memory)

const char* const kHelp =
    "vmc_measure --checkpoint PATH [options]: observables of a vmc_dist checkpoint\n"
    "  --checkpoint PATH        checkpoint.h5 (or checkpoint-<step>.h5) written by vmc_dist\n"
    "  --measure.samples M      fresh samples (default: the run's measure.samples, else 4096)\n"
    "  --output FILE.h5         write energy, structure factor and attention maps (rank 0)\n"
    "  --json                   print one JSON line with the results\n"
    "  --sampler.KEY VALUE      override the run's sampler options (chains, sweeps, discard,\n"
    "                           warmup, seed); the same chain count restores the saved chains\n";

struct MeasureOptions {
  std::string checkpoint;
  std::string output;
  bool json = false;
  bool help = false;
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
      o.sampler_overrides.push_back(a);
      o.sampler_overrides.push_back(value());
    } else {
      throw InvalidInput(a, "unknown option (see vmc_measure --help)");
    }
  }
  require_input(o.help || !o.checkpoint.empty(), "--checkpoint", "is required");
  return o;
}

// The run's configuration from the checkpoint's echo, with our sampler overrides, through the same
// parser vmc_dist uses (every rank writes and reads its own temporary INI file).
ParsedCommandLine run_config_from_echo(const std::string& echo, const MeasureOptions& o) {
  const std::filesystem::path ini = std::filesystem::temp_directory_path() /
                                    ("vmc_measure-" + std::to_string(::getpid()) + ".ini");
  {
    std::ofstream out(ini);
    out << echo;
  }
  std::vector<std::string> args = {"vmc_measure", "--config", ini.string()};
  args.insert(args.end(), o.sampler_overrides.begin(), o.sampler_overrides.end());
  std::vector<const char*> argv;
  for (const std::string& s : args) argv.push_back(s.c_str());
  struct Remove {
    std::filesystem::path p;
    ~Remove() { std::filesystem::remove(p); }
  } cleanup{ini};
  return parse_run_config(static_cast<int>(argv.size()), argv.data());
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

// Mean and spread over all samples of every layer's h x (n*n) attention map. Sums are taken of the
// deviation from the global first sample, so maps that do not depend on the sample (factored
// attention) get a spread of exactly 0.
struct AttentionStats {
  Index heads = 0, patches = 0;
  std::vector<RealMatrix> mean, std;  ///< per layer, h x (n*n)
};

AttentionStats attention_statistics(const ViTWaveFunction& vit, const ConfigBatch& configs,
                                    Index total_samples, const Communicator& comm) {
  const Index h = vit.config().heads;
  const ConfigBatch first = configs.topRows(std::min<Index>(1, configs.rows()));
  std::vector<RealMatrix> shift = vit.attention_maps(first);
  AttentionStats a;
  a.heads = h;
  a.patches = static_cast<Index>(std::lround(std::sqrt(static_cast<double>(shift[0].cols()))));
  std::vector<RealMatrix> sum, sum_sq;
  for (RealMatrix& m : shift) {
    if (m.rows() != h) m = RealMatrix::Zero(h, m.cols());  // a rank without samples
    broadcast(std::span<Real>(m.data(), static_cast<std::size_t>(m.size())), 0, comm);
    sum.push_back(RealMatrix::Zero(h, m.cols()));
    sum_sq.push_back(RealMatrix::Zero(h, m.cols()));
  }
  for (Index start = 0; start < configs.rows(); start += kAttentionChunk) {
    const Index len = std::min(kAttentionChunk, configs.rows() - start);
    const std::vector<RealMatrix> maps = vit.attention_maps(configs.middleRows(start, len));
    for (std::size_t l = 0; l < maps.size(); ++l)
      for (Index s = 0; s < len; ++s) {
        const RealMatrix d = maps[l].middleRows(s * h, h) - shift[l];
        sum[l] += d;
        sum_sq[l] += d.cwiseProduct(d);
      }
  }
  const Real m = static_cast<Real>(total_samples);
  for (std::size_t l = 0; l < shift.size(); ++l) {
    std::vector<Real> local(sum[l].data(), sum[l].data() + sum[l].size());
    local.insert(local.end(), sum_sq[l].data(), sum_sq[l].data() + sum_sq[l].size());
    const std::vector<Real> total = allreduce_sum_deterministic(std::span<const Real>(local), comm);
    const Eigen::Map<const RealMatrix> s1(total.data(), h, shift[l].cols());
    const Eigen::Map<const RealMatrix> s2(total.data() + s1.size(), h, shift[l].cols());
    a.mean.push_back(shift[l] + s1 / m);
    a.std.push_back(((s2 - s1.cwiseProduct(s1) / m) / m).cwiseMax(0.0).cwiseSqrt());
  }
  return a;
}

struct Measurement {
  std::string checkpoint;
  Index step = 0;
  Index n_sites = 0;
  Index lx = 0, ly = 0;
  EnergyStatistics energy;
  Real acceptance = 0;
  bool chains_restored = false;
  std::vector<StructureFactor> structure;
  std::optional<AttentionStats> attention;
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

Measurement measure(const RunContext& ctx, const CheckpointData& saved, const std::string& path,
                    Index samples) {
  const RunConfig& c = ctx.config;
  require_input(c.sampler.type == "metropolis", "--sampler.type",
                "vmc_measure samples with metropolis chains, got " + c.sampler.type);
  require_input(
      c.sampler.chains >= ctx.comm.size(), "--sampler.chains",
      "must be at least the number of MPI ranks (" + std::to_string(ctx.comm.size()) + ")");
  // A staged run's checkpoint holds theta of the stage that ran its last step.
  std::unique_ptr<WaveFunction> psi =
      make_wave_function(ctx.lattice, ctx.bonds, model_at_step(c, saved.step));
  validate_compatible(saved, psi->parameters().slices(),
                      restart_compatibility_fields(ctx.config_echo));
  psi->parameters().values() = saved.theta;

  Measurement m;
  m.checkpoint = path;
  m.step = saved.step;
  m.n_sites = ctx.lattice.n_sites();
  m.lx = c.lattice.lx;
  m.ly = c.lattice.ly;
  ChainSet chains = make_chains(ctx, path, saved.n_chains_total, m.chains_restored);
  if (!m.chains_restored) ctx.sampler.sweep(chains, *psi, c.sampler.warmup);
  const Index per_chain = (samples + c.sampler.chains - 1) / c.sampler.chains;
  const SampleBatch batch =
      ctx.sampler.sample(chains, *psi, per_chain, c.sampler.sweeps, c.sampler.discard);

  const ComplexVector e_loc =
      local_energies(ctx.hamiltonian, *psi, batch.configs, batch.log_psi, 8192);
  m.energy = chain_statistics(e_loc, per_chain, m.n_sites, ctx.comm);
  std::uint64_t counts[2] = {batch.accepted, batch.proposed};
  allreduce_sum(std::span<std::uint64_t>(counts, 2), ctx.comm);
  m.acceptance = counts[1] ? static_cast<Real>(counts[0]) / static_cast<Real>(counts[1]) : 0.0;

  const Real pi = std::numbers::pi;
  for (StructureFactor q : {StructureFactor{pi, pi, "pi_pi", {}}, {pi, 0, "pi_0", {}}}) {
    const ComplexVector x = structure_factor_samples(batch.configs, ctx.lattice, q.qx, q.qy);
    q.stats = chain_statistics(x, per_chain, 1, ctx.comm);
    m.structure.push_back(q);
  }
  if (const auto* vit = dynamic_cast<const ViTWaveFunction*>(psi.get()))
    m.attention = attention_statistics(*vit, batch.configs, per_chain * c.sampler.chains, ctx.comm);
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
      write_matrix3(g.id(), "std", m.attention->std[l], n,
                    "[head, I, J]: standard deviation over samples");
    }
  }
  file.close();
}

void print_report(const Measurement& m, bool json) {
  std::cout << std::setprecision(10) << "vmc_measure: " << m.checkpoint << " (step " << m.step
            << "), " << m.energy.n_samples << " samples, "
            << (m.chains_restored ? "saved chains" : "new chains") << ", acceptance "
            << m.acceptance << "\n  E/N = " << m.energy.energy_per_site << " +- "
            << m.energy.error_per_site << "  variance " << m.energy.variance << "  V-score "
            << m.energy.v_score << "  R-hat " << m.energy.r_hat << "\n";
  for (const StructureFactor& q : m.structure)
    std::cout << "  S(" << q.name << ") = " << q.stats.energy_per_site << " +- "
              << q.stats.error_per_site << "\n";
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
    const ParsedCommandLine parsed = run_config_from_echo(saved.config_echo, o);
    const RunContext ctx(parsed.config, parsed.echo, comm);
    const Index samples = o.samples.value_or(
        parsed.config.measure.samples > 0 ? parsed.config.measure.samples : kDefaultSamples);
    const Measurement m = measure(ctx, saved, o.checkpoint, samples);
    if (root) {
      print_report(m, o.json);
      if (!o.output.empty()) write_output(o.output, m);
    }
    comm.barrier();
    return 0;
  } catch (const InvalidInput& e) {
    if (root) std::cerr << "vmc_measure: error: " << e.what() << std::endl;
  } catch (const CheckpointError& e) {
    if (root) std::cerr << "vmc_measure: error: --checkpoint: " << e.what() << std::endl;
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
    std::cerr << "vmc_measure: fatal error on rank " << env.world().rank() << ": " << e.what()
              << std::endl;
    vitvmc::MpiEnvironment::abort_all(1);
  }
}
