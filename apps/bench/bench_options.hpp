#pragma once
/// \file bench_options.hpp
/// vmc_bench's command line: every vmc_dist option (--config FILE, --lattice.*, --model.*,
/// --sampler.*, --optimizer.* ...) through vmc_dist's option table, so a benchmark runs exactly the
/// configuration a run would, plus the --bench.* rows and --model.precision with `both`.

#include <string>
#include <vector>

#include "vitvmc/config/kinds.hpp"
#include "vitvmc/config/run_config.hpp"
#include "vitvmc/sr/sr_solver.hpp"

namespace vitvmc {
namespace bench {

/// --model.precision of vmc_bench: vmc_dist's two, or both measured in the same run.
enum class BenchPrecision { float64, float32, both };

/// The measurements of --bench.what.
enum class Measurement { forward, jacobian, local_energy, sr_solve, sr_kernel, sr_precision, step };

struct BenchOptions {
  RunConfig run;         ///< the run's configuration, parsed as vmc_dist parses it
  std::string run_echo;  ///< its INI text
  std::vector<Measurement> what;
  /// The forward pass's scalar; both measures each in the same run.
  BenchPrecision precision = BenchPrecision::float64;
  Index batch = 256;
  double seconds = 3.0;
  Index chunk_rows = 4096;  ///< local energy: connected configurations per model call
  Index rounds = 1;         ///< alternating rounds per measurement; the best round is reported
  Index sr_rows = 4096;     ///< sr_solve, sr_kernel: side 2M of the kernel
  Index sr_params = 0;      ///< columns of the random X; 0: sr_solve 256, sr_kernel the model's P
  KernelRoute sr_route = KernelRoute::kAuto;  ///< sr_kernel
  Index steps = 2;                            ///< step: timed steps
  Index warmup_steps = 1;                     ///< step, sr_precision: untimed steps before
  bool help = false;
  std::string help_text;
};

/// Throws InvalidInput naming the option at fault.
BenchOptions parse_bench_options(int argc, char** argv);

}  // namespace bench

template <>
struct KindNames<bench::BenchPrecision> {
  static constexpr std::array table{
      std::pair{bench::BenchPrecision::float64, std::string_view("float64")},
      std::pair{bench::BenchPrecision::float32, std::string_view("float32")},
      std::pair{bench::BenchPrecision::both, std::string_view("both")}};
};

template <>
struct KindNames<bench::Measurement> {
  using M = bench::Measurement;
  static constexpr std::array table{std::pair{M::forward, std::string_view("forward")},
                                    std::pair{M::jacobian, std::string_view("jacobian")},
                                    std::pair{M::local_energy, std::string_view("local_energy")},
                                    std::pair{M::sr_solve, std::string_view("sr_solve")},
                                    std::pair{M::sr_kernel, std::string_view("sr_kernel")},
                                    std::pair{M::sr_precision, std::string_view("sr_precision")},
                                    std::pair{M::step, std::string_view("step")}};
};

template <>
struct KindNames<KernelRoute> {
  static constexpr std::array table{
      std::pair{KernelRoute::kAuto, std::string_view("auto")},
      std::pair{KernelRoute::kParameterSlices, std::string_view("slices")},
      std::pair{KernelRoute::kBlockCyclic, std::string_view("block_cyclic")}};
};

}  // namespace vitvmc
