// vmc_bench: throughput of the model forward pass, the Jacobian and the local energy, per rank and
// summed over MPI ranks, against a dgemm calibration measured in the same run. Rank 0 prints one
// JSON line per measurement. docs/benchmarks.md states the flop counts and how to run it.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/config/run_config.hpp"
#include "vitvmc/estimator/local_energy.hpp"
#include "vitvmc/hamiltonian/heisenberg_model.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/model/factory.hpp"
#include "vitvmc/parallel/blacs_grid.hpp"
#include "vitvmc/parallel/block_cyclic_matrix.hpp"
#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/parallel/environment.hpp"
#include "vitvmc/parallel/redistribute.hpp"
#include "vitvmc/parallel/scalapack_api.hpp"
#include "vitvmc/sr/spd_solve.hpp"
#include "vitvmc/util/block_partition.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/error_line.hpp"
#include "vitvmc/util/json.hpp"
#include "vitvmc/util/proc_memory.hpp"
#include "vitvmc/util/rng.hpp"

namespace vitvmc {
namespace {

/// --model.precision of vmc_bench: vmc_dist's two, or both measured in the same run.
enum class BenchPrecision { float64, float32, both };

}  // namespace

template <>
struct KindNames<BenchPrecision> {
  static constexpr std::array table{std::pair{BenchPrecision::float64, std::string_view("float64")},
                                    std::pair{BenchPrecision::float32, std::string_view("float32")},
                                    std::pair{BenchPrecision::both, std::string_view("both")}};
};

namespace {

struct BenchOptions {
  RunConfig run;  ///< vmc_dist's options: the lattice and model measured (and --config)
  std::vector<std::string> what = {"forward", "jacobian", "local_energy"};
  /// The forward pass's scalar; both measures each in the same run.
  BenchPrecision precision = BenchPrecision::float64;
  Index batch = 256;
  double seconds = 3.0;
  Index chunk_rows = 4096;  ///< local energy: connected configurations per model call
  Index rounds = 1;         ///< alternating rounds per measurement; the best round is reported
  Index sr_rows = 4096;     ///< sr_solve: side 2M of the kernel
  Index sr_params = 256;    ///< sr_solve: columns of the random X the kernel is built from
  bool help = false;
  std::string help_text;
};

std::vector<std::string> split_commas(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

/// vmc_dist's options (lattice, model, ... and --config, validated the same way) plus the
/// benchmark's own. Throws InvalidInput.
BenchOptions parse_bench_options(int argc, char** argv) {
  BenchOptions o;
  std::string what = "forward,jacobian,local_energy";
  const ParsedCommandLine parsed = parse_run_config(argc, argv, [&](OptionTable& t) {
    t.remove("model.precision");
    t.group("Benchmark (docs/benchmarks.md)");
    t.add("model.precision", o.precision,
          "float64 | float32 | both: scalar of forward and local_energy (jacobian is float64); "
          "both measures the two on the same theta and configurations, one line each");
    t.add("bench.what", what, "comma list of measurements");
    t.add("bench.batch", o.batch, "configurations per rank", positive_integer());
    t.add("bench.seconds", o.seconds, "time per measurement", positive_real());
    t.add("bench.rounds", o.rounds,
          "rounds per measurement, alternating the precisions; the best round is reported",
          positive_integer());
    t.add("bench.chunk_rows", o.chunk_rows, "local energy: model rows per call",
          positive_integer());
    t.add("bench.sr_rows", o.sr_rows, "sr_solve: kernel side 2M (rows of X)",
          integer_in(2, 2147483647));
    t.add("bench.sr_params", o.sr_params,
          "sr_solve: columns of the random X (the solve cost does not depend on it)",
          positive_integer());
  });
  o.run = parsed.config;
  o.help = parsed.help;
  o.help_text = parsed.help_text;
  o.what = split_commas(what);
  require_input(!o.what.empty(), "--bench.what",
                "give at least one of forward, jacobian, local_energy, sr_solve");
  for (const std::string& w : o.what)
    require_input(
        w == "forward" || w == "jacobian" || w == "local_energy" || w == "sr_solve", "--bench.what",
        "unknown measurement '" + w + "' (allowed: forward, jacobian, local_energy, sr_solve)");
  require_input(o.precision == BenchPrecision::float64 || o.run.model.type == ModelKind::vit,
                "--model.precision",
                "float32 is implemented for --model.type vit only, got --model.type " +
                    std::string(name_of(o.run.model.type)));
  return o;
}

/// `batch` random S^z = 0 configurations, a different stream on every rank.
ConfigBatch random_configs(Index n_sites, Index batch, int rank) {
  PhiloxStream rng(2024, static_cast<std::uint64_t>(rank));
  ConfigBatch out(batch, n_sites);
  for (Index s = 0; s < batch; ++s) {
    for (Index i = 0; i < n_sites; ++i) out(s, i) = i < n_sites / 2 ? 1 : -1;
    for (Index i = n_sites - 1; i > 0; --i)
      std::swap(out(s, i), out(s, static_cast<Index>(rng.uniform_index(i + 1))));
  }
  return out;
}

double max_over_ranks(const Communicator& comm, double v) {
  allreduce_max(std::span<double>(&v, 1), comm);
  return v;
}

double sum_over_ranks(const Communicator& comm, double v) {
  allreduce_sum(std::span<double>(&v, 1), comm);
  return v;
}

/// Runs fn on all ranks at once, the same number of times on every rank, for about `seconds`.
/// A first timed call sizes the repetitions; when it alone takes over half the budget it is the
/// measurement. Returns {repetitions, slowest rank's elapsed seconds}.
template <class Fn>
std::pair<double, double> time_all_ranks(const Communicator& comm, double seconds, Fn&& fn) {
  using Clock = std::chrono::steady_clock;
  const auto timed = [&](double reps) {
    comm.barrier();
    const auto t0 = Clock::now();
    for (double r = 0; r < reps; ++r) fn();
    return max_over_ranks(comm, std::chrono::duration<double>(Clock::now() - t0).count());
  };
  const double first = timed(1.0);
  if (first >= 0.5 * seconds) return {1.0, first};
  const double reps = std::max(1.0, std::ceil(seconds / std::max(first, 1e-9)));
  return {reps, timed(reps)};
}

/// Summed gemm rate (dgemm, or sgemm for S = float) of all ranks running C = A B (m x k times
/// k x n) at once.
template <class S = double>
double dgemm_gflops(const Communicator& comm, Index m, Index k, Index n, double seconds) {
  const MatrixOf<S> a = MatrixOf<S>::Random(m, k), b = MatrixOf<S>::Random(k, n);
  MatrixOf<S> c(m, n);
  const auto [reps, elapsed] = time_all_ranks(comm, seconds, [&] { c.noalias() = a * b; });
  return comm.size() * reps * 2.0 * double(m) * double(k) * double(n) / elapsed * 1e-9;
}

struct Measurement {
  std::string what;
  double per_s = 0.0;      ///< configurations, Jacobian rows or samples per second, all ranks
  double gflops = 0.0;     ///< documented model flops / time, all ranks
  double connected = 0.0;  ///< local energy: mean connected configurations per sample
  double seconds = 0.0;
};

Measurement measure(const std::string& what, const WaveFunction& model,
                    const HeisenbergModel& hamiltonian, const ConfigBatch& configs,
                    const BenchOptions& o, const Communicator& comm) {
  Measurement out{what};
  const double batch = static_cast<double>(configs.rows()), ranks = comm.size();
  const double flops = model.forward_flops_per_sample();
  if (what == "forward") {
    const auto [reps, t] = time_all_ranks(comm, o.seconds, [&] { model.log_psi(configs); });
    out.per_s = ranks * reps * batch / t;
    out.gflops = out.per_s * flops * 1e-9;
    out.seconds = t;
  } else if (what == "jacobian") {
    ComplexVector lp;
    ComplexMatrix jac;
    const auto [reps, t] =
        time_all_ranks(comm, o.seconds, [&] { model.log_psi_and_jacobian(configs, lp, jac); });
    out.per_s = ranks * reps * batch / t;
    out.gflops = out.per_s * 5.0 * flops * 1e-9;  // forward + two real backward passes of 2F each
    out.seconds = t;
  } else {
    const ComplexVector lp = model.log_psi(configs);
    std::vector<Index> counts;
    const auto [reps, t] = time_all_ranks(comm, o.seconds, [&] {
      local_energies(hamiltonian, model, configs, lp, o.chunk_rows, &counts);
    });
    double connected = 0;
    for (Index c : counts) connected += static_cast<double>(c);
    out.connected = sum_over_ranks(comm, connected / batch) / ranks;
    out.per_s = ranks * reps * batch / t;
    out.gflops = out.per_s * out.connected * flops * 1e-9;
    out.seconds = t;
  }
  return out;
}

/// The gemm rates of the run, for the fractions: double for float64 lines, float for float32.
struct Calibration {
  double dgemm = 0.0;
  double dgemm_shape = 0.0;
  double sgemm = 0.0;
  double sgemm_shape = 0.0;
};

Json json_line(const Measurement& m, const WaveFunction& model, const BenchOptions& o, int ranks,
               const Calibration& cal, Precision precision) {
  const double dgemm = cal.dgemm, dgemm_shape = cal.dgemm_shape;
  const char* rate_key = m.what == "forward"    ? "configs_per_s"
                         : m.what == "jacobian" ? "rows_per_s"
                                                : "samples_per_s";
  Json j = {{"what", m.what},
            {"model", model.describe()},
            {"n_params", model.n_params()},
            {"batch", o.batch},
            {"ranks", ranks},
            {"precision", precision},
            {rate_key, json_number(m.per_s)}};
  if (m.what == "local_energy") {
    j["connected_per_sample"] = json_number(m.connected);
    j["chunk_rows"] = o.chunk_rows;
  }
  j["seconds"] = json_number(m.seconds);
  j["gflops"] = json_number(m.gflops);
  j["dgemm_gflops"] = json_number(dgemm);
  j["dgemm_model_shape_gflops"] = json_number(dgemm_shape);
  j["fraction_of_dgemm"] = json_number(dgemm > 0 ? m.gflops / dgemm : 0.0);
  if (cal.sgemm > 0) {
    j["sgemm_gflops"] = json_number(cal.sgemm);
    j["sgemm_model_shape_gflops"] = json_number(cal.sgemm_shape);
    j["fraction_of_sgemm"] = json_number(m.gflops / cal.sgemm);
  }
  return j;
}

/// How far float32 moves log psi and the local energy on the bench configurations (rank 0's):
/// max |delta log psi| (real and imaginary parts) on all of them, max |delta E_loc| / mean |E_loc|
/// on the first kCheckedEnergies (each costs ~2N forward passes per precision).
std::string precision_check(const WaveFunction& model64, const WaveFunction& model32,
                            const HeisenbergModel& hamiltonian, const ConfigBatch& configs,
                            const BenchOptions& o) {
  const ComplexVector lp64 = model64.log_psi(configs), lp32 = model32.log_psi(configs);
  constexpr Index kCheckedEnergies = 4;
  const Index m = std::min(kCheckedEnergies, configs.rows());
  const ConfigBatch some = configs.topRows(m);
  const ComplexVector e64 = local_energies(hamiltonian, model64, some, lp64.head(m), o.chunk_rows);
  const ComplexVector e32 = local_energies(hamiltonian, model32, some, lp32.head(m), o.chunk_rows);
  const ComplexVector d = lp32 - lp64;
  Json j = {
      {"what", "precision_check"}, {"model", model64.describe()}, {"samples", configs.rows()}};
  j["log_psi_max_abs_diff_real"] = json_number(d.real().cwiseAbs().maxCoeff());
  j["log_psi_max_abs_diff_imag"] = json_number(d.imag().cwiseAbs().maxCoeff());
  j["log_psi_mean_abs_real"] = json_number(lp64.real().cwiseAbs().mean());
  j["e_loc_samples"] = m;
  j["e_loc_max_abs_diff_over_mean_abs"] =
      json_number((e32 - e64).cwiseAbs().maxCoeff() / e64.cwiseAbs().mean());
  j["e_loc_mean_diff_over_mean_abs"] =
      json_number(std::abs((e32 - e64).mean()) / e64.cwiseAbs().mean());
  return json_text(j);
}

/// The SR solve alone at a given kernel size: T = X X^T + shift built with pdsyrk from a random X
/// (its time reported apart), then solve_spd_with_fallback timed once (Cholesky; the fallback only
/// if it fails). Prints one JSON line on rank 0.
void bench_sr_solve(const BenchOptions& o, const Communicator& comm, double dgemm) {
  using Clock = std::chrono::steady_clock;
  const Index n = o.sr_rows, p = o.sr_params;
  const auto [first, count] = block_partition(n, comm.rank(), comm.size());
  RealMatrix x_local = RealMatrix::Random(count, p) / std::sqrt(static_cast<double>(n));
  const RowLayout layout = RowLayout::gather(count, comm);
  const BlacsGrid grid(comm);
  constexpr int kBlock = 64;
  BlockCyclicMatrix kernel(grid, n, n, kBlock, kBlock);
  BlockCyclicMatrix rhs(grid, n, 1, kBlock, kBlock);
  comm.barrier();
  auto t0 = Clock::now();
  {
    const BlockCyclicMatrix x = [&] {
      BlockCyclicMatrix m(grid, n, p, kBlock, kBlock);
      scatter_row_blocks(x_local, layout, m, comm);
      return m;
    }();
    if (grid.in_grid()) {
      const int ni = static_cast<int>(n), pi = static_cast<int>(p), one = 1;
      const double alpha = 1.0, beta = 0.0;
      scalapack::pdsyrk_("L", "N", &ni, &pi, &alpha, x.data(), &one, &one, x.descriptor(), &beta,
                         kernel.data(), &one, &one, kernel.descriptor());
    }
  }
  kernel.add_to_diagonal(1e-3);
  rhs.local().setOnes();
  x_local.resize(0, 0);
  const double matrix_s =
      max_over_ranks(comm, std::chrono::duration<double>(Clock::now() - t0).count());
  comm.barrier();
  t0 = Clock::now();
  const SpdSolveInfo info =
      solve_spd_with_fallback(kernel, rhs, 1e-12, comm, [](BlockCyclicMatrix&) {
        throw std::runtime_error("sr_solve bench: Cholesky failed on a shifted kernel");
      });
  const double solve_s =
      max_over_ranks(comm, std::chrono::duration<double>(Clock::now() - t0).count());
  const double peak = max_over_ranks(comm, peak_resident_bytes());
  const double nd = static_cast<double>(n);
  const double flops = nd * nd * nd / 3 + 2 * nd * nd;  // pdpotrf + pdpotrs with one right side
  if (comm.rank() != 0) return;
  Json j;
  j["what"] = "sr_solve";
  j["sr_rows"] = n;
  j["ranks"] = comm.size();
  j["grid"] = {grid.nprow(), grid.npcol()};
  j["block"] = kBlock;
  j["kernel_bytes_per_rank"] = 8.0 * static_cast<double>(kernel.local_rows() * kernel.local_cols());
  j["peak_bytes_per_rank"] = json_number(peak);
  j["seconds"] = json_number(solve_s);
  j["gflops"] = json_number(flops / solve_s * 1e-9);
  j["dgemm_gflops"] = json_number(dgemm);
  j["fraction_of_dgemm"] = json_number(dgemm > 0 ? flops / solve_s * 1e-9 / dgemm : 0.0);
  j["cholesky_failed"] = info.cholesky_failed;
  j["matrix_seconds"] = json_number(matrix_s);
  j["matrix_params"] = p;
  std::cout << json_text(j) << std::endl;
}

int run(int argc, char** argv, const Communicator& world) {
  const BenchOptions o = parse_bench_options(argc, argv);
  if (o.help) {
    if (world.rank() == 0) std::cout << o.help_text;
    return 0;
  }
  const LatticeConfig& l = o.run.lattice;
  const ModelConfig& model = o.run.model;
  const SquareLattice lattice(l.lx, l.ly);
  const BondSet bonds = lattice_bonds(l);
  const HeisenbergModel hamiltonian(bonds, l.j1, l.j2, uses_marshall_sign(l));
  // One model per precision, built from the same seed: the same theta in both.
  std::vector<Precision> precisions;
  if (o.precision != BenchPrecision::float32) precisions.push_back(Precision::float64);
  if (o.precision != BenchPrecision::float64) precisions.push_back(Precision::float32);
  std::vector<std::unique_ptr<WaveFunction>> models;
  for (const Precision p : precisions) {
    ModelConfig config = model;
    config.precision = p;
    models.push_back(make_wave_function(lattice, bonds, config));
  }
  const ConfigBatch configs = random_configs(lattice.n_sites(), o.batch, world.rank());
  // Calibration: a square gemm, and one shaped like the ViT's largest GEMM ((B n) x d times d x
  // f); sgemm too when float32 is measured.
  const double calibration_s = std::min(o.seconds, 1.0);
  const Index tokens = o.batch * lattice.n_sites() / (model.patch * model.patch);
  const bool vit = model.type == ModelKind::vit;
  const Index f = model.ffn * model.d;
  // Each calibration keeps its best of --bench.rounds, like the measurements.
  const auto best_of_rounds = [&](auto&& rate) {
    double best = 0.0;
    for (Index round = 0; round < o.rounds; ++round) best = std::max(best, rate());
    return best;
  };
  Calibration cal;
  cal.dgemm = best_of_rounds([&] { return dgemm_gflops(world, 1024, 1024, 1024, calibration_s); });
  if (vit)
    cal.dgemm_shape =
        best_of_rounds([&] { return dgemm_gflops(world, tokens, model.d, f, calibration_s); });
  if (o.precision != BenchPrecision::float64) {
    cal.sgemm =
        best_of_rounds([&] { return dgemm_gflops<float>(world, 1024, 1024, 1024, calibration_s); });
    cal.sgemm_shape = best_of_rounds(
        [&] { return dgemm_gflops<float>(world, tokens, model.d, f, calibration_s); });
  }
  for (const std::string& what : o.what) {
    if (what == "sr_solve") {
      bench_sr_solve(o, world, cal.dgemm);
      continue;
    }
    // The Jacobian is always float64: measured once, on the first model.
    const std::size_t n_models = what == "jacobian" ? 1 : models.size();
    // Rounds alternate the precisions, and each keeps its best round: on a shared machine a load
    // change then hits both instead of biasing the ratio.
    std::vector<Measurement> best(n_models);
    std::vector<Json> rates(n_models, Json::array());
    for (Index round = 0; round < o.rounds; ++round) {
      for (std::size_t k = 0; k < n_models; ++k) {
        const Measurement m = measure(what, *models[k], hamiltonian, configs, o, world);
        rates[k].push_back(json_number(m.per_s));
        if (m.per_s > best[k].per_s) best[k] = m;
      }
    }
    double baseline_per_s = 0.0;
    for (std::size_t k = 0; k < n_models; ++k) {
      const Precision precision = what == "jacobian" ? Precision::float64 : precisions[k];
      const Measurement& m = best[k];
      if (precision == Precision::float64) baseline_per_s = m.per_s;
      Calibration line_cal = cal;
      if (precision == Precision::float64) line_cal.sgemm = 0.0;
      Json line = json_line(m, *models[k], o, world.size(), line_cal, precision);
      if (o.rounds > 1) line["rates_per_round"] = rates[k];
      if (precision == Precision::float32 && baseline_per_s > 0)
        line["speedup_vs_float64"] = json_number(m.per_s / baseline_per_s);
      if (world.rank() == 0) std::cout << json_text(line) << std::endl;
    }
  }
  if (models.size() == 2 && world.rank() == 0)
    std::cout << precision_check(*models[0], *models[1], hamiltonian, configs, o) << std::endl;
  return 0;
}

}  // namespace
}  // namespace vitvmc

int main(int argc, char** argv) {
  vitvmc::MpiEnvironment env(argc, argv);
  try {
    return vitvmc::run(argc, argv, env.world());
  } catch (const vitvmc::InvalidInput& e) {
    // Every rank parses the same input and reaches the same verdict: no abort needed.
    if (env.world().rank() == 0) vitvmc::write_error_line(std::string("vmc_bench: ") + e.what());
    return 2;
  } catch (const std::exception& e) {
    vitvmc::write_error_line("vmc_bench: rank " + std::to_string(env.world().rank()) + ": " +
                             e.what());
    vitvmc::MpiEnvironment::abort_all(1);
  }
}
