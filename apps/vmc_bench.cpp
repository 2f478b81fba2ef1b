// vmc_bench: throughput of the model forward pass, the Jacobian, the local energy, the SR kernel
// and whole VMC steps, against gemm calibrations measured in the same run on the same ranks. Rank
// 0 prints one JSON line per measurement. docs/benchmarks.md states the flop counts and how to
// run it; every vmc_dist option (--config FILE included) sets the run it measures.

#include <iostream>
#include <string>

#include "bench/bench_options.hpp"
#include "bench/model_bench.hpp"
#include "bench/sr_bench.hpp"
#include "bench/sr_precision_bench.hpp"
#include "bench/step_bench.hpp"
#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/parallel/environment.hpp"
#include "vitvmc/util/error.hpp"
#include "vitvmc/util/error_line.hpp"

namespace vitvmc {
namespace {

int run(int argc, char** argv, const Communicator& world) {
  const bench::BenchOptions o = bench::parse_bench_options(argc, argv);
  if (o.help) {
    if (world.rank() == 0) std::cout << o.help_text;
    return 0;
  }
  const RunContext ctx(o.run, o.run_echo, world);
  const bench::ModelBench models(o, ctx);
  const bench::Calibration cal = bench::calibrate(o, ctx);
  using bench::Measurement;
  for (const Measurement what : o.what) {
    switch (what) {
      case Measurement::sr_solve:
        bench::bench_sr_solve(o, world, cal);
        break;
      case Measurement::sr_kernel:
        bench::bench_sr_kernel(o, o.sr_params > 0 ? o.sr_params : models.n_params(), world, cal);
        break;
      case Measurement::sr_precision:
        bench::bench_sr_precision(o, ctx);
        break;
      case Measurement::step:
        bench::bench_step(o, ctx, cal);
        break;
      default:
        models.measure(what, cal);
    }
  }
  models.precision_check();
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
