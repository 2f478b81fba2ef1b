// The only file that includes Boost.ProgramOptions.
#include "vitvmc/config/parse.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cctype>
#include <charconv>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "vitvmc/config/stages.hpp"
#include "vitvmc/util/byte_size.hpp"
#include "vitvmc/util/error.hpp"

namespace po = boost::program_options;

namespace vitvmc {
namespace {

po::options_description lattice_options(LatticeConfig& c) {
  po::options_description o(
      "Lattice and Hamiltonian (H = J1 sum S.S + J2 sum S.S, spin-1/2 S units)");
  o.add_options()("lattice.lx", po::value(&c.lx)->default_value(c.lx), "sites along x (>= 3)")(
      "lattice.ly", po::value(&c.ly)->default_value(c.ly), "sites along y (>= 3)")(
      "lattice.j1", po::value(&c.j1)->default_value(c.j1), "nearest-neighbour coupling J1")(
      "lattice.j2", po::value(&c.j2)->default_value(c.j2), "next-nearest-neighbour coupling J2")(
      "lattice.marshall", po::value(&c.marshall)->default_value(c.marshall),
      "Marshall sign rule on the basis: auto (on when both sides are even) | true | false; "
      "use false for J2 >~ 0.6 (stripe phase); on shastry_sutherland the dimer sign rule, auto = "
      "on for |j1| < 0.675 j2; checkerboard = the (x + y) mod 2 Marshall sign on either lattice "
      "(the Neel-side rule on shastry_sutherland)")(
      "lattice.type", po::value(&c.type)->default_value(c.type),
      "square (j1 nearest neighbours, j2 diagonals) | shastry_sutherland (j1 = J' on the square "
      "bonds, j2 = J on the dimers; even sides, multiples of 4 recommended)");
  return o;
}

po::options_description model_options(ModelConfig& c) {
  po::options_description o("Wave function");
  o.add_options()("model.type", po::value(&c.type)->default_value(c.type), "vit | rbm")(
      "model.attention", po::value(&c.attention)->default_value(c.attention),
      "ViT attention: factored (position-only weights) | standard (softmax of q.k + position "
      "bias) | decoupled (softmax of q.k, plus position weights outside it)")(
      "model.full_alpha", po::value(&c.full_alpha)->default_value(c.full_alpha),
      "factored attention with a full h x n x n alpha instead of a translation-invariant one")(
      "model.d", po::value(&c.d)->default_value(c.d), "embedding width d (divisible by heads)")(
      "model.heads", po::value(&c.heads)->default_value(c.heads), "attention heads h")(
      "model.layers", po::value(&c.layers)->default_value(c.layers), "encoder layers")(
      "model.patch", po::value(&c.patch)->default_value(c.patch),
      "patch side b (divides both lattice sides)")("model.ffn",
                                                   po::value(&c.ffn)->default_value(c.ffn),
                                                   "feed-forward width multiplier (f = ffn * d)")(
      "model.symmetrize", po::value(&c.symmetrize)->default_value(c.symmetrize),
      "none | translations | lattice | lattice_spinflip (project onto the fully symmetric "
      "sector of all translations, x the point group, x the spin flip)")(
      "model.alpha", po::value(&c.alpha)->default_value(c.alpha), "RBM hidden-unit density")(
      "model.seed", po::value(&c.seed)->default_value(c.seed), "parameter initialisation seed")(
      "model.precision", po::value(&c.precision)->default_value(c.precision),
      "float64 | float32: scalar of the ViT forward pass for sampling and local energies "
      "(Jacobian, SR and parameters stay float64)");
  return o;
}

po::options_description sampler_options(SamplerConfig& c) {
  po::options_description o("Sampling");
  o.add_options()(
      "sampler.type", po::value(&c.type)->default_value(c.type),
      "metropolis (exchange Markov chains) | exact (enumerate the Sz=0 sector, small lattices)")(
      "sampler.chains", po::value(&c.chains)->default_value(c.chains),
      "global number of Markov chains")(
      "sampler.samples", po::value(&c.samples)->default_value(c.samples),
      "samples per step, in total over all ranks (a multiple of chains)")(
      "sampler.sweeps", po::value(&c.sweeps)->default_value(c.sweeps),
      "sweeps (N proposals) between stored samples")(
      "sampler.discard", po::value(&c.discard)->default_value(c.discard),
      "sweeps discarded at the start of every step")(
      "sampler.warmup", po::value(&c.warmup)->default_value(c.warmup),
      "sweeps at the start of a run and after a restart")(
      "sampler.j1_moves", po::value(&c.j1_moves)->default_value(c.j1_moves),
      "relative weight of exchange moves across a J1 bond")(
      "sampler.j2_moves", po::value(&c.j2_moves)->default_value(c.j2_moves),
      "relative weight of exchange moves across a J2 bond")(
      "sampler.pair_moves", po::value(&c.pair_moves)->default_value(c.pair_moves),
      "relative weight of exchanges of a random pair of opposite spins (any distance)")(
      "sampler.psi_power", po::value(&c.psi_power)->default_value(c.psi_power),
      "Metropolis samples |psi|^q, 0 < q <= 2; q < 2 visits small-|psi| states more often and "
      "the estimators reweight by |psi|^(2-q)")(
      "sampler.seed", po::value(&c.seed)->default_value(c.seed), "Markov chain seed");
  return o;
}

/// The default study's plan (docs/results/default-study.md). Used only when the run chooses
/// neither --optimizer.steps nor --model.symmetrize, so every run or INI that sets either one
/// behaves as before the default had a plan.
constexpr const char* kDefaultStages = "none:300,translations:20,translations:40:lr=0.03";

po::options_description optimizer_options(OptimizerConfig& c) {
  po::options_description o("Optimisation");
  o.add_options()("optimizer.method", po::value(&c.method)->default_value(c.method),
                  "sr (stochastic reconfiguration) | adam (plain gradient, baseline)")(
      "optimizer.solver", po::value(&c.solver)->default_value(c.solver),
      "auto | kernel (sample space, 2M x 2M) | parameter (P x P); auto = kernel when 2M < P")(
      "optimizer.lr", po::value(&c.lr)->default_value(c.lr), "learning rate eta (> 0)")(
      "optimizer.diag_shift", po::value(&c.diag_shift)->default_value(c.diag_shift),
      "SR diagonal shift lambda (>= 0)")(
      "optimizer.steps", po::value(&c.steps)->default_value(c.steps),
      "total optimisation steps (a restart continues up to this count)")(
      "optimizer.schedule", po::value(&c.schedule)->default_value(c.schedule),
      "learning-rate schedule: constant | cosine | exponential")(
      "optimizer.final_lr_fraction",
      po::value(&c.final_lr_fraction)->default_value(c.final_lr_fraction),
      "decaying schedules end at lr * this")(
      "optimizer.clip_local_energy",
      po::value(&c.clip_local_energy)->default_value(c.clip_local_energy),
      "clip E_loc to median +- this x mean absolute deviation in the SR right-hand side only "
      "(Markov samples; 0 = off)")("optimizer.shift_schedule",
                                   po::value(&c.shift_schedule)->default_value(c.shift_schedule),
                                   "diagonal-shift schedule: constant | cosine | exponential")(
      "optimizer.final_shift_fraction",
      po::value(&c.final_shift_fraction)->default_value(c.final_shift_fraction),
      "decaying shift schedules end at diag_shift * this")(
      "optimizer.momentum", po::value(&c.momentum)->default_value(c.momentum),
      "SPRING momentum mu in [0, 1) for SR (0 disables); Adam ignores it")(
      "optimizer.stages", po::value(&c.stages)->default_value(kDefaultStages),
      "plan in stages, e.g. \"none:250,translations:30,lattice:20:lr=0.05\" (level:steps"
      "[:lr=X][:shift=X][:samples=N]); steps = their sum; empty: --model.symmetrize throughout; "
      "the default plan is dropped when --optimizer.steps or --model.symmetrize is given")(
      "optimizer.reproducible", po::value(&c.reproducible)->default_value(c.reproducible),
      "true: every rank solves SR on all rows in global order, so results are bit-identical on "
      "any rank count (memory 2M x P per rank; small studies, docs/sr.md)");
  return o;
}

po::options_description limit_options(RunLimitsConfig& c, PlanConfig& p, bool& plan) {
  po::options_description o("Job limits and resources (docs/running.md, docs/memory-plan.md)");
  o.add_options()("run.walltime", po::value(&c.walltime)->default_value(c.walltime),
                  "HH:MM:SS wall-time budget: stop with a checkpoint (exit 0) before it runs out; "
                  "resubmit with --restart auto (empty: no limit)")(
      "run.memory_per_rank", po::value(&c.memory_per_rank)->default_value(c.memory_per_rank),
      "bytes a rank may use, e.g. 4G, 512M (binary units); auto = node memory (or cgroup limit) / "
      "ranks on the node. A run whose memory plan exceeds it exits 2")(
      "plan", po::bool_switch(&plan),
      "print the memory and FLOP plan (table + one JSON line), exit")(
      "plan.ranks", po::value(&p.ranks)->default_value(p.ranks),
      "ranks to plan for with --plan (0: the ranks of this run); no processes are started");
  return o;
}

po::options_description run_options(MeasureConfig& m, OutputConfig& out, std::string& restart) {
  po::options_description o("Measurement, output and restart");
  o.add_options()("measure.samples", po::value(&m.samples)->default_value(m.samples),
                  "fresh samples for the final evaluation (0 skips it)")(
      "output.dir", po::value(&out.dir)->default_value(out.dir), "directory for all outputs")(
      "output.attention_every", po::value(&out.attention_every)->default_value(out.attention_every),
      "log the attention spread D and the mean maps by displacement to log.h5 every this many "
      "steps (plain ViT; 0: off; docs/attention.md)")(
      "output.checkpoint_every",
      po::value(&out.checkpoint_every)->default_value(out.checkpoint_every),
      "steps between checkpoints")("output.keep", po::value(&out.keep)->default_value(out.keep),
                                   "numbered checkpoints kept")(
      "output.checkpoint_minutes",
      po::value(&out.checkpoint_minutes)->default_value(out.checkpoint_minutes),
      "also checkpoint when this many minutes passed since the last checkpoint (0: off)")(
      "restart", po::value(&restart)->default_value(restart),
      "checkpoint to restart from, or 'auto' (latest in output.dir, fresh start if none)");
  return o;
}

// Shortest text that reads back as the same double (std::to_chars round-trip guarantee): the echo
// rebuilds the run in vmc_measure and decides restart compatibility, so 6 digits are not enough.
std::string exact(Real v) {
  char text[32];
  const auto [end, error] = std::to_chars(text, text + sizeof text, v);
  VITVMC_REQUIRE(error == std::errc(), "cannot format a double");
  return std::string(text, end);
}

po::options_description init_options(InitConfig& c) {
  po::options_description o("Initialisation from another run");
  o.add_options()("init.from", po::value(&c.from)->default_value(c.from),
                  "checkpoint of another run (same architecture, any lattice the patch divides) "
                  "whose parameters start this one; ignored when --restart continues a checkpoint")(
      "init.new_displacements", po::value(&c.new_displacements)->default_value(c.new_displacements),
      "how attention tables move to another patch grid: wrap (factored attention keeps each "
      "head's total weight; standard attention as zero) | zero (0 at displacements the source "
      "lacked) | nearest (the value at the largest displacement it had); docs/extrapolation.md")(
      "init.attention_maps", po::value(&c.attention_maps)->default_value(c.attention_maps),
      "vmc_measure --output file: start factored attention from its mean attention maps "
      "(by displacement; the full maps with --model.full_alpha) and every other parameter from "
      "--init.from; docs/attention.md");
  return o;
}

template <class T>
std::string str(const T& v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

void require_one_of(const std::string& value, std::initializer_list<const char*> allowed,
                    const std::string& option) {
  std::string list;
  for (const char* a : allowed) {
    if (value == a) return;
    list += (list.empty() ? "" : " | ") + std::string(a);
  }
  throw InvalidInput(option, "must be one of " + list + ", got '" + value + "'");
}

void require_positive(Index v, const std::string& option) {
  require_input(v >= 1, option, "must be a positive integer, got " + str(v));
}

// Turns Boost's exceptions into InvalidInput naming the option.
[[noreturn]] void rethrow_as_invalid_input(const po::error& e) {
  if (const auto* unknown = dynamic_cast<const po::unknown_option*>(&e))
    throw InvalidInput(unknown->get_option_name(), "unknown option (see --help for the list)");
  if (const auto* value = dynamic_cast<const po::invalid_option_value*>(&e))
    throw InvalidInput(value->get_option_name(), "wrong type: " + std::string(e.what()));
  if (const auto* syntax = dynamic_cast<const po::invalid_syntax*>(&e))
    throw InvalidInput(syntax->get_option_name().empty() ? "--config" : syntax->get_option_name(),
                       e.what());
  if (const auto* named = dynamic_cast<const po::error_with_option_name*>(&e))
    throw InvalidInput(named->get_option_name(), e.what());
  throw InvalidInput("command line", e.what());
}

// Boost.ProgramOptions builds its error messages by replacing %value%, %option%, ... with the
// user's text until none is left, so a value that contains its own placeholder makes what() loop
// forever (found by fuzz_config: `--lattice.j2 'x%value%'` hung; later a config-file line holding
// %invalid_line%, the token of Boost's "invalid line" message). Such text is refused before Boost
// sees it. The tokens are every substitution name of Boost 1.74's messages
// (libboost_program_options).
void refuse_message_placeholders(const std::string& text, const std::string& option) {
  for (const char* token : {"%value%", "%option%", "%canonical_option%", "%prefix_option%",
                            "%original_token%", "%invalid_line%", "%prefix%"}) {
    require_input(text.find(token) == std::string::npos, option,
                  "must not contain the text '" + std::string(token) +
                      "' (reserved by the option parser's error messages)");
  }
}

// The option an argument belongs to: itself ("--a.b" or "--a.b=v"), else the one before it.
std::string option_of(const std::vector<std::string>& args, std::size_t i) {
  const std::string& a = args[i];
  if (a.rfind("--", 0) == 0) return a.substr(0, a.find('='));
  if (i > 0 && args[i - 1].rfind("--", 0) == 0) return args[i - 1].substr(0, args[i - 1].find('='));
  return "command line";
}

// "--lattice.lx -4" would read -4 as a short option; glue negative numbers to their option instead
// so the range check can name the option.
std::vector<std::string> glue_negative_values(int argc, const char* const* argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    const bool next_is_negative_number = i + 1 < argc && argv[i + 1][0] == '-' &&
                                         (std::isdigit(argv[i + 1][1]) || argv[i + 1][1] == '.');
    if (a.rfind("--", 0) == 0 && a.find('=') == std::string::npos && next_is_negative_number) {
      a += "=" + std::string(argv[++i]);
    }
    args.push_back(a);
  }
  return args;
}

// The plan parses, owns the symmetrisation and the step count, and its sample counts fit the
// chains.
void validate_stages(const RunConfig& c) {
  const std::vector<OptimizerStage> stages = parse_stages(c.optimizer.stages);
  if (stages.empty()) return;
  const Index total = total_stage_steps(stages);
  require_input(c.optimizer.steps == total, "--optimizer.stages",
                "its steps sum to " + str(total) + " but --optimizer.steps is " +
                    str(c.optimizer.steps) + " (leave --optimizer.steps out, or make them equal)");
  require_input(c.model.symmetrize == "none", "--optimizer.stages",
                "sets the symmetrisation of each stage: leave --model.symmetrize at none, got '" +
                    c.model.symmetrize + "'");
  for (const OptimizerStage& s : stages)
    require_input(!s.samples || *s.samples % c.sampler.chains == 0, "--optimizer.stages",
                  "samples=" + str(s.samples.value_or(0)) +
                      " must be a multiple of --sampler.chains (" + str(c.sampler.chains) + ")");
}

}  // namespace

void refuse_option_parser_placeholders(int argc, const char* const* argv) {
  const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i)
    refuse_message_placeholders(args[i], option_of(args, i));
}

ParsedCommandLine parse_run_config(int argc, const char* const* argv) {
  ParsedCommandLine out;
  RunConfig& c = out.config;
  std::string config_file;
  po::options_description generic("General");
  generic.add_options()("help,h", "list every option with its default and exit")(
      "config", po::value(&config_file), "INI file: [section] key = value, e.g. [lattice] lx = 6");
  po::options_description all("vmc_dist options (command line overrides the --config file)");
  all.add(generic)
      .add(lattice_options(c.lattice))
      .add(model_options(c.model))
      .add(sampler_options(c.sampler))
      .add(optimizer_options(c.optimizer))
      .add(run_options(c.measure, c.output, c.restart))
      .add(limit_options(c.run, c.plan, out.plan))
      .add(init_options(c.init));
  po::variables_map vm;
  try {
    const std::vector<std::string> args = glue_negative_values(argc, argv);
    for (std::size_t i = 0; i < args.size(); ++i)
      refuse_message_placeholders(args[i], option_of(args, i));
    po::store(po::command_line_parser(args).options(all).run(), vm);
    if (vm.count("config")) {
      config_file = vm["config"].as<std::string>();
      std::ifstream file(config_file);
      require_input(file.good(), "--config", "cannot open file '" + config_file + "'");
      std::stringstream text;
      text << file.rdbuf();
      refuse_message_placeholders(text.str(), "--config");
      po::store(po::parse_config_file(text, all), vm);
    }
    po::notify(vm);
    // An INI value may be quoted; the echo and the header show the plan without the quotes.
    std::string& plan = c.optimizer.stages;
    if (plan.size() >= 2 && plan.front() == '"' && plan.back() == '"')
      plan = plan.substr(1, plan.size() - 2);
    if (vm["optimizer.stages"].defaulted() &&
        (!vm["optimizer.steps"].defaulted() || !vm["model.symmetrize"].defaulted()))
      plan.clear();
    // A plan fixes the step count: --optimizer.steps left at its default takes the sum.
    const auto stages = parse_stages(plan);
    if (!stages.empty() && vm["optimizer.steps"].defaulted())
      c.optimizer.steps = total_stage_steps(stages);
  } catch (const po::error& e) {
    rethrow_as_invalid_input(e);
  }
  out.help = vm.count("help") > 0;
  out.help_text = str(all);
  if (!out.help) validate_run_config(c);
  out.echo = config_to_ini(c);
  return out;
}

void validate_run_config(const RunConfig& c) {
  const LatticeConfig& l = c.lattice;
  // The upper bound keeps lx * ly (and every size derived from it) far from overflow; found by
  // tests/fuzz (UBSan: signed overflow in lx * ly for lx = ly = 4e9).
  constexpr Index kMaxSide = 4096;
  require_input(l.lx >= 3 && l.lx <= kMaxSide, "--lattice.lx",
                "must be an integer in [3, " + str(kMaxSide) + "], got " + str(l.lx));
  require_input(l.ly >= 3 && l.ly <= kMaxSide, "--lattice.ly",
                "must be an integer in [3, " + str(kMaxSide) + "], got " + str(l.ly));
  require_input((l.lx * l.ly) % 2 == 0, "--lattice.lx",
                "lx * ly must be even (the Sz = 0 sector), got " + str(l.lx * l.ly) + " sites");
  require_one_of(l.marshall, {"auto", "true", "false", "checkerboard"}, "--lattice.marshall");
  require_one_of(l.type, {"square", "shastry_sutherland"}, "--lattice.type");
  require_input(
      l.type != "shastry_sutherland" || has_even_sides(l), "--lattice.type",
      "shastry_sutherland needs even --lattice.lx and --lattice.ly (the dimer pattern has "
      "period 2), got " +
          str(l.lx) + "x" + str(l.ly));
  require_input((l.marshall != "true" && l.marshall != "checkerboard") || has_even_sides(l),
                "--lattice.marshall",
                l.marshall + " needs even lattice sides (use auto or false), got " + str(l.lx) +
                    "x" + str(l.ly));
  const ModelConfig& m = c.model;
  require_one_of(m.type, {"vit", "rbm"}, "--model.type");
  require_one_of(m.attention, {"factored", "standard", "decoupled"}, "--model.attention");
  require_one_of(m.symmetrize, {"none", "translations", "lattice", "lattice_spinflip"},
                 "--model.symmetrize");
  require_positive(m.d, "--model.d");
  require_positive(m.heads, "--model.heads");
  require_positive(m.layers, "--model.layers");
  require_positive(m.patch, "--model.patch");
  require_positive(m.ffn, "--model.ffn");
  require_input(m.d % m.heads == 0, "--model.d",
                "must be divisible by --model.heads (" + str(m.heads) + "), got " + str(m.d));
  require_input(
      m.type != "vit" || (l.lx % m.patch == 0 && l.ly % m.patch == 0), "--model.patch",
      "must divide both lattice sides (" + str(l.lx) + "x" + str(l.ly) + "), got " + str(m.patch));
  // A translation-invariant ViT with an odd patch is invariant under translations that move the
  // Shastry-Sutherland dimers: a symmetry the Hamiltonian does not have.
  require_input(
      l.type != "shastry_sutherland" || m.type != "vit" || m.full_alpha || m.patch % 2 == 0,
      "--model.patch",
      "must be even on shastry_sutherland (or use --model.full_alpha true), got " + str(m.patch));
  require_input(m.alpha > 0, "--model.alpha", "must be > 0, got " + str(m.alpha));
  require_one_of(m.precision, {"float64", "float32"}, "--model.precision");
  require_input(m.precision == "float64" || m.type == "vit", "--model.precision",
                "float32 is implemented for --model.type vit only, got --model.type " + m.type);
  const SamplerConfig& s = c.sampler;
  require_one_of(s.type, {"metropolis", "exact"}, "--sampler.type");
  require_positive(s.chains, "--sampler.chains");
  require_positive(s.samples, "--sampler.samples");
  require_input(
      s.samples % s.chains == 0, "--sampler.samples",
      "must be a multiple of --sampler.chains (" + str(s.chains) + "), got " + str(s.samples));
  require_positive(s.sweeps, "--sampler.sweeps");
  require_input(s.discard >= 0, "--sampler.discard", "must be >= 0, got " + str(s.discard));
  require_input(s.warmup >= 0, "--sampler.warmup", "must be >= 0, got " + str(s.warmup));
  require_input(
      s.j1_moves >= 0 && s.j2_moves >= 0 && s.pair_moves >= 0 &&
          s.j1_moves + s.j2_moves + s.pair_moves > 0,
      "--sampler.j1_moves",
      "move weights (--sampler.j1_moves, --sampler.j2_moves, --sampler.pair_moves) must be "
      "non-negative with a positive sum");
  require_input(s.psi_power > 0 && s.psi_power <= 2, "--sampler.psi_power",
                "must be in (0, 2] (2 samples |psi|^2), got " + str(s.psi_power));
  require_input(s.type != "exact" || l.lx * l.ly <= 36, "--sampler.type",
                "exact enumeration is limited to lattices of at most 36 sites");
  const OptimizerConfig& o = c.optimizer;
  require_one_of(o.method, {"sr", "adam"}, "--optimizer.method");
  require_one_of(o.solver, {"auto", "kernel", "parameter"}, "--optimizer.solver");
  require_one_of(o.schedule, {"constant", "cosine", "exponential"}, "--optimizer.schedule");
  require_input(o.lr > 0, "--optimizer.lr", "must be > 0, got " + str(o.lr));
  require_input(o.diag_shift >= 0, "--optimizer.diag_shift",
                "must be >= 0, got " + str(o.diag_shift));
  require_input(o.steps >= 0, "--optimizer.steps", "must be >= 0, got " + str(o.steps));
  require_input(o.clip_local_energy >= 0, "--optimizer.clip_local_energy",
                "must be >= 0 (0 = off), got " + str(o.clip_local_energy));
  require_one_of(o.shift_schedule, {"constant", "cosine", "exponential"},
                 "--optimizer.shift_schedule");
  require_input(o.final_shift_fraction > 0 && o.final_shift_fraction <= 1,
                "--optimizer.final_shift_fraction",
                "must be in (0, 1], got " + str(o.final_shift_fraction));
  require_input(o.final_lr_fraction > 0 && o.final_lr_fraction <= 1,
                "--optimizer.final_lr_fraction",
                "must be in (0, 1], got " + str(o.final_lr_fraction));
  require_input(o.momentum >= 0 && o.momentum < 1, "--optimizer.momentum",
                "must be in [0, 1), got " + str(o.momentum));
  validate_stages(c);
  // Exact mode normalises |psi|^2 from per-rank sums over per-rank ranges: not rank-count free.
  require_input(!o.reproducible || c.sampler.type == "metropolis", "--optimizer.reproducible",
                "true needs --sampler.type metropolis (exact-mode sums depend on the rank count)");
  require_input(c.measure.samples >= 0, "--measure.samples",
                "must be >= 0, got " + str(c.measure.samples));
  require_input(!c.output.dir.empty(), "--output.dir", "must not be empty");
  require_positive(c.output.checkpoint_every, "--output.checkpoint_every");
  require_input(c.output.attention_every >= 0, "--output.attention_every",
                "must be >= 0 (0: off), got " + str(c.output.attention_every));
  require_positive(c.output.keep, "--output.keep");
  require_input(c.output.checkpoint_minutes >= 0, "--output.checkpoint_minutes",
                "must be >= 0 (0 = off), got " + str(c.output.checkpoint_minutes));
  walltime_seconds(c.run.walltime);  // throws for a malformed value
  require_input(c.run.memory_per_rank == "auto" || parse_byte_size(c.run.memory_per_rank),
                "--run.memory_per_rank",
                "expected auto or a positive byte count such as 4G, 512M, 2048K, 1000000, got '" +
                    c.run.memory_per_rank + "'");
  require_input(c.plan.ranks >= 0, "--plan.ranks",
                "must be >= 1 (0: the ranks of this run), got " + str(c.plan.ranks));
  require_one_of(c.init.new_displacements, {"wrap", "zero", "nearest"}, "--init.new_displacements");
}

double walltime_seconds(const std::string& walltime) {
  if (walltime.empty()) return 0;
  const std::string why =
      "must be HH:MM:SS (minutes and seconds below 60, not all zero), got '" + walltime + "'";
  std::istringstream in(walltime);
  long parts[3] = {-1, -1, -1};
  char colon[2] = {0, 0};
  in >> parts[0] >> colon[0] >> parts[1] >> colon[1] >> parts[2];
  const bool digits_only = walltime.find_first_not_of("0123456789:") == std::string::npos;
  const bool ok = digits_only && in && in.peek() == EOF && colon[0] == ':' && colon[1] == ':' &&
                  parts[0] >= 0 && parts[1] >= 0 && parts[1] < 60 && parts[2] >= 0 && parts[2] < 60;
  require_input(ok, "--run.walltime", why);
  const double seconds = static_cast<double>(parts[0] * 3600 + parts[1] * 60 + parts[2]);
  require_input(seconds > 0, "--run.walltime", why);
  return seconds;
}

std::string config_to_ini(const RunConfig& c) {
  std::ostringstream s;
  // Doubles go through exact(); precision 17 makes any double added with a plain << round-trip too.
  s << std::boolalpha << std::setprecision(17);
  s << "[lattice]\nlx = " << c.lattice.lx << "\nly = " << c.lattice.ly
    << "\nj1 = " << exact(c.lattice.j1) << "\nj2 = " << exact(c.lattice.j2)
    << "\nmarshall = " << sign_rule_name(c.lattice) << "\n";
  // Written only off the default, so square runs keep their echo (and checkpoints) unchanged.
  if (c.lattice.type != "square") s << "type = " << c.lattice.type << "\n";
  s << "[model]\ntype = " << c.model.type << "\nattention = " << c.model.attention
    << "\nfull_alpha = " << c.model.full_alpha << "\nd = " << c.model.d
    << "\nheads = " << c.model.heads << "\nlayers = " << c.model.layers
    << "\npatch = " << c.model.patch << "\nffn = " << c.model.ffn
    << "\nsymmetrize = " << c.model.symmetrize << "\nalpha = " << exact(c.model.alpha)
    << "\nseed = " << c.model.seed << "\nprecision = " << c.model.precision << "\n";
  s << "[sampler]\ntype = " << c.sampler.type << "\nchains = " << c.sampler.chains
    << "\nsamples = " << c.sampler.samples << "\nsweeps = " << c.sampler.sweeps
    << "\ndiscard = " << c.sampler.discard << "\nwarmup = " << c.sampler.warmup
    << "\nj1_moves = " << exact(c.sampler.j1_moves) << "\nj2_moves = " << exact(c.sampler.j2_moves)
    << "\npair_moves = " << exact(c.sampler.pair_moves)
    << "\npsi_power = " << exact(c.sampler.psi_power) << "\nseed = " << c.sampler.seed << "\n";
  s << "[optimizer]\nmethod = " << c.optimizer.method << "\nsolver = " << c.optimizer.solver
    << "\nlr = " << exact(c.optimizer.lr) << "\ndiag_shift = " << exact(c.optimizer.diag_shift)
    << "\nsteps = " << c.optimizer.steps << "\nschedule = " << c.optimizer.schedule
    << "\nfinal_lr_fraction = " << exact(c.optimizer.final_lr_fraction)
    << "\nclip_local_energy = " << exact(c.optimizer.clip_local_energy)
    << "\nshift_schedule = " << c.optimizer.shift_schedule
    << "\nfinal_shift_fraction = " << exact(c.optimizer.final_shift_fraction)
    << "\nmomentum = " << exact(c.optimizer.momentum) << "\n";
  if (!c.optimizer.stages.empty()) s << "stages = " << c.optimizer.stages << "\n";
  if (c.optimizer.reproducible) s << "reproducible = true\n";
  s << "[measure]\nsamples = " << c.measure.samples << "\n";
  s << "[output]\ndir = " << c.output.dir << "\ncheckpoint_every = " << c.output.checkpoint_every
    << "\nkeep = " << c.output.keep << "\ncheckpoint_minutes = " << c.output.checkpoint_minutes
    << "\n";
  if (!c.run.walltime.empty()) s << "[run]\nwalltime = " << c.run.walltime << "\n";
  if (!c.init.from.empty())
    s << "[init]\nfrom = " << c.init.from << "\nnew_displacements = " << c.init.new_displacements
      << "\n";
  if (!c.init.from.empty() && !c.init.attention_maps.empty())
    s << "attention_maps = " << c.init.attention_maps << "\n";
  return s.str();
}

}  // namespace vitvmc
