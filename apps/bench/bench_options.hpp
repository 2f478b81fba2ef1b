#pragma once
/// \file bench_options.hpp
/// vmc_bench's command line: its own --bench.* options and --model.precision (which also takes
/// `both`); every other argument (--config FILE, --lattice.*, --model.*, --sampler.*,
/// --optimizer.* ...) goes to vmc_dist's parser, so a benchmark runs exactly the configuration a
/// run would.

#include <string>
#include <vector>

#include "vitvmc/config/run_config.hpp"

namespace vitvmc::bench {

struct BenchOptions {
  RunConfig run;         ///< the run's configuration, parsed as vmc_dist parses it
  std::string run_echo;  ///< its INI text
  std::vector<std::string> what = {"forward", "jacobian", "local_energy"};
  /// float64 | float32 | both: the forward pass's scalar; both measures each in the same run.
  std::string precision = "float64";
  Index batch = 256;
  double seconds = 3.0;
  Index chunk_rows = 4096;       ///< local energy: connected configurations per model call
  Index rounds = 1;              ///< alternating rounds per measurement; the best round is reported
  Index sr_rows = 4096;          ///< sr_solve, sr_kernel: side 2M of the kernel
  Index sr_params = 256;         ///< sr_solve: columns of the random X
  bool sr_params_given = false;  ///< sr_kernel: --bench.sr_params, else the model's P
  std::string sr_route = "auto";  ///< sr_kernel: auto | slices | block_cyclic
  Index steps = 2;                ///< step: timed steps
  Index warmup_steps = 1;         ///< step: untimed steps before them
  bool help = false;
  std::string help_text;
};

/// Throws InvalidInput naming the option at fault.
BenchOptions parse_bench_options(int argc, char** argv);

}  // namespace vitvmc::bench
