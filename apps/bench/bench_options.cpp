#include "bench_options.hpp"

#include <sstream>

#include "vitvmc/config/option_table.hpp"
#include "vitvmc/config/parse.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc::bench {
namespace {

/// The measurements of a comma list; refuses unknown names (the message lists the allowed ones).
std::vector<Measurement> measurements_of(const std::string& list) {
  std::vector<Measurement> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) parse_option_value("--bench.what", item, out.emplace_back());
  require_input(!out.empty(), "--bench.what",
                "give at least one of " + kind_choices<Measurement>());
  return out;
}

}  // namespace

BenchOptions parse_bench_options(int argc, char** argv) {
  BenchOptions o;
  std::string what = "forward,jacobian,local_energy";
  const ParsedCommandLine parsed = parse_run_config(argc, argv, [&](OptionTable& t) {
    t.remove("model.precision");
    t.group("Benchmark (docs/benchmarks.md)");
    t.add("model.precision", o.precision,
          "float64 | float32 | both: scalar of forward and local_energy (jacobian is float64); "
          "both measures the two on the same theta and configurations, one line each");
    t.add("bench.what", what, "comma list of measurements: " + kind_choices<Measurement>());
    t.add("bench.batch", o.batch, "configurations per rank", positive_integer());
    t.add("bench.seconds", o.seconds, "time per measurement", positive_real());
    t.add("bench.rounds", o.rounds,
          "rounds per measurement, alternating the precisions; the best round is reported",
          positive_integer());
    t.add("bench.chunk_rows", o.chunk_rows, "local energy: model rows per call",
          positive_integer());
    t.add("bench.sr_rows", o.sr_rows, "sr_solve, sr_kernel: kernel side 2M (rows of X)",
          integer_in(2, 2147483647));
    t.add("bench.sr_params", o.sr_params,
          "columns of the random X; 0: sr_solve 256 (its cost does not depend on them), "
          "sr_kernel the model's P",
          non_negative_integer());
    t.add("bench.sr_route", o.sr_route,
          "sr_kernel, sr_solve: how X X^T is formed (and where it is solved), auto | slices | "
          "block_cyclic (docs/sr.md)");
    t.add("bench.steps", o.steps, "step: timed VMC steps", positive_integer());
    t.add("bench.warmup_steps", o.warmup_steps,
          "step, sr_precision: VMC steps before (after --sampler.warmup sweeps)",
          non_negative_integer());
  });
  o.run = parsed.config;
  o.run_echo = parsed.echo;
  o.help = parsed.help;
  o.help_text = parsed.help_text;
  if (o.help) return o;
  o.what = measurements_of(what);
  // The row replaces vmc_dist's (command line and --config); the run gets its scalar.
  o.run.model.precision =
      o.precision == BenchPrecision::float32 ? Precision::float32 : Precision::float64;
  require_input(o.precision == BenchPrecision::float64 || o.run.model.type == ModelKind::vit,
                "--model.precision",
                "float32 is implemented for --model.type vit only, got --model.type " +
                    std::string(name_of(o.run.model.type)));
  return o;
}

}  // namespace vitvmc::bench
