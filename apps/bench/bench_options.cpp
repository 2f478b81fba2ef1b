#include "bench_options.hpp"

#include <boost/program_options.hpp>
#include <sstream>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc::bench {
namespace {

namespace po = boost::program_options;

const char* const kMeasurements =
    "forward, jacobian, local_energy, sr_solve, sr_kernel, sr_precision, step";

std::vector<std::string> split_commas(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

bool is_bench_option(const std::string& arg) {
  return arg == "--help" || arg.rfind("--bench.", 0) == 0 || arg.rfind("--model.precision", 0) == 0;
}

/// argv split into vmc_bench's own options (with their values) and everything else, in order.
void split_arguments(int argc, char** argv, std::vector<std::string>& own,
                     std::vector<std::string>& run) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    std::vector<std::string>& to = is_bench_option(arg) ? own : run;
    to.push_back(arg);
    const bool takes_value = arg != "--help" && arg.find('=') == std::string::npos;
    if (&to == &own && takes_value && i + 1 < argc) own.push_back(argv[++i]);
  }
}

po::options_description bench_description(BenchOptions& o, std::string& what) {
  po::options_description desc("vmc_bench options (every vmc_dist option is accepted too)");
  desc.add_options()("help", "print this help")(
      "model.precision", po::value(&o.precision),
      "float64 | float32 | both: scalar of forward and local_energy (jacobian is float64); both "
      "measures the two on the same theta and configurations, one line each (default: the "
      "run's --model.precision)")("bench.what", po::value(&what)->default_value(what),
                                  "comma list of measurements")(
      "bench.batch", po::value(&o.batch)->default_value(o.batch), "configurations per rank")(
      "bench.seconds", po::value(&o.seconds)->default_value(o.seconds), "time per measurement")(
      "bench.rounds", po::value(&o.rounds)->default_value(o.rounds),
      "rounds per measurement, alternating the precisions; the best round is reported")(
      "bench.chunk_rows", po::value(&o.chunk_rows)->default_value(o.chunk_rows),
      "local energy: model rows per call")("bench.sr_rows",
                                           po::value(&o.sr_rows)->default_value(o.sr_rows),
                                           "sr_solve, sr_kernel: kernel side 2M (rows of X)")(
      "bench.sr_params", po::value(&o.sr_params)->default_value(o.sr_params),
      "columns of the random X: sr_solve (its cost does not depend on it); sr_kernel (default: "
      "the model's P)")("bench.sr_route", po::value(&o.sr_route)->default_value(o.sr_route),
                        "sr_kernel: auto | slices | block_cyclic (docs/sr.md)")(
      "bench.steps", po::value(&o.steps)->default_value(o.steps), "step: timed VMC steps")(
      "bench.warmup_steps", po::value(&o.warmup_steps)->default_value(o.warmup_steps),
      "step: untimed VMC steps before them (after --sampler.warmup sweeps)");
  return desc;
}

void validate(const BenchOptions& o) {
  for (const std::string& w : o.what)
    require_input(w == "forward" || w == "jacobian" || w == "local_energy" || w == "sr_solve" ||
                      w == "sr_kernel" || w == "sr_precision" || w == "step",
                  "--bench.what",
                  "unknown measurement '" + w + "' (allowed: " + kMeasurements + ")");
  require_input(!o.what.empty(), "--bench.what",
                std::string("give at least one of ") + kMeasurements);
  require_input(o.sr_rows >= 2 && o.sr_rows <= 2147483647, "--bench.sr_rows",
                "must be in [2, 2^31 - 1], got " + std::to_string(o.sr_rows));
  require_input(o.sr_params >= 1, "--bench.sr_params",
                "must be >= 1, got " + std::to_string(o.sr_params));
  require_input(o.sr_route == "auto" || o.sr_route == "slices" || o.sr_route == "block_cyclic",
                "--bench.sr_route",
                "must be one of auto | slices | block_cyclic, got '" + o.sr_route + "'");
  require_input(
      o.precision == "float64" || o.run.model.type == "vit", "--model.precision",
      "float32 is implemented for --model.type vit only, got --model.type " + o.run.model.type);
  require_input(o.batch >= 1, "--bench.batch", "must be >= 1");
  require_input(o.rounds >= 1, "--bench.rounds", "must be >= 1, got " + std::to_string(o.rounds));
  require_input(o.seconds > 0, "--bench.seconds", "must be > 0");
  require_input(o.chunk_rows >= 1, "--bench.chunk_rows", "must be >= 1");
  require_input(o.steps >= 1, "--bench.steps", "must be >= 1, got " + std::to_string(o.steps));
  require_input(o.warmup_steps >= 0, "--bench.warmup_steps",
                "must be >= 0, got " + std::to_string(o.warmup_steps));
}

}  // namespace

BenchOptions parse_bench_options(int argc, char** argv) {
  refuse_option_parser_placeholders(argc, argv);
  std::vector<std::string> own, run;
  split_arguments(argc, argv, own, run);
  BenchOptions o;
  std::string what = "forward,jacobian,local_energy";
  const po::options_description desc = bench_description(o, what);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(own).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error_with_option_name& e) {
    throw InvalidInput(e.get_option_name(), e.what());
  } catch (const po::error& e) {
    throw InvalidInput("command line", e.what());
  }
  const bool precision_given = vm.count("model.precision") > 0;
  require_input(!precision_given || o.precision == "float64" || o.precision == "float32" ||
                    o.precision == "both",
                "--model.precision",
                "must be one of float64 | float32 | both, got '" + o.precision + "'");
  // vmc_dist's parser knows float64 and float32; `both` builds the model in each.
  if (precision_given) {
    run.push_back("--model.precision");
    run.push_back(o.precision == "float32" ? "float32" : "float64");
  }
  std::vector<const char*> run_argv = {argv[0]};
  for (const std::string& a : run) run_argv.push_back(a.c_str());
  const ParsedCommandLine parsed =
      parse_run_config(static_cast<int>(run_argv.size()), run_argv.data());
  o.run = parsed.config;
  o.run_echo = parsed.echo;
  if (!precision_given) o.precision = o.run.model.precision;
  std::ostringstream help;
  help << desc << "\n" << parsed.help_text;
  o.help = vm.count("help") > 0 || parsed.help;
  o.help_text = help.str();
  o.what = split_commas(what);
  o.sr_params_given = !vm["bench.sr_params"].defaulted();
  validate(o);
  return o;
}

}  // namespace vitvmc::bench
