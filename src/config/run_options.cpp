// Every vmc_dist option, declared once: name, field (its default), help, own check and echo rule.
// Rules that tie several options together follow in the validate_* functions.
#include "vitvmc/config/run_options.hpp"

#include <cmath>
#include <sstream>

#include "vitvmc/config/stages.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/lattice/lattice_kind.hpp"
#include "vitvmc/util/byte_size.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

// The upper bound keeps lx * ly (and every size derived from it) far from overflow; found by
// tests/fuzz (UBSan: signed overflow in lx * ly for lx = ly = 4e9).
constexpr Index kMaxSide = 4096;

template <class T>
std::string str(const T& v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

void add_lattice_options(OptionTable& t, LatticeConfig& c) {
  t.group("Lattice and Hamiltonian (H = J1 sum S.S + J2 sum S.S, spin-1/2 S units)");
  t.add("lattice.lx", c.lx, "sites along x (>= 3)", integer_in(3, kMaxSide));
  t.add("lattice.ly", c.ly, "sites along y (>= 3)", integer_in(3, kMaxSide));
  t.add("lattice.j1", c.j1, "nearest-neighbour coupling J1");
  t.add("lattice.j2", c.j2, "next-nearest-neighbour coupling J2");
  // The echo records the resolved basis, so a checkpoint says which sign rule its theta means.
  OptionRow& marshall =
      t.add("lattice.marshall", c.marshall,
            "Marshall sign rule on the basis: auto (on when both sides are even) | true | false; "
            "use false for J2 >~ 0.6 (stripe phase); on shastry_sutherland the dimer sign rule, "
            "auto = "
            "on for |j1| < 0.675 j2; checkerboard = the (x + y) mod 2 Marshall sign on either "
            "lattice "
            "(the Neel-side rule on shastry_sutherland)")
          .echoed_as([&c] { return std::string(name_of(resolved_sign_rule(c))); });
  // Echoes written before the rule had four values say 1 / 0.
  marshall.set = [set = marshall.set](const std::string& option, const std::string& text) {
    set(option, text == "1" ? "true" : text == "0" ? "false" : text);
  };
  // Written only off the default, so square runs keep their echo (and checkpoints) unchanged.
  t.add("lattice.type", c.type,
        kind_choices<LatticeKind>() +
            ": square = j1 nearest neighbours, j2 diagonals; shastry_sutherland = j1 = J' on the "
            "square bonds, j2 = J on the dimers, even sides, multiples of 4 recommended "
            "(docs/lattices.md)")
      .echoed(EchoRule::unless_default);
}

void add_model_options(OptionTable& t, ModelConfig& c) {
  t.group("Wave function");
  t.add("model.type", c.type, "vit | rbm");
  t.add("model.attention", c.attention,
        "ViT attention: " + kind_choices<AttentionKind>() +
            " (factored: position-only weights; standard: softmax of q.k + position bias; "
            "docs/model.md)");
  t.add("model.full_alpha", c.full_alpha,
        "factored attention with a full h x n x n alpha instead of a translation-invariant one");
  t.add("model.d", c.d, "embedding width d (divisible by heads)", positive_integer());
  t.add("model.heads", c.heads, "attention heads h", positive_integer());
  t.add("model.layers", c.layers, "encoder layers", positive_integer());
  t.add("model.patch", c.patch, "patch side b (divides both lattice sides)", positive_integer());
  t.add("model.ffn", c.ffn, "feed-forward width multiplier (f = ffn * d)", positive_integer());
  t.add("model.symmetrize", c.symmetrize,
        kind_choices<SymmetryLevel>() +
            " (project onto the fully symmetric sector of all translations, x the point group, "
            "x the spin flip)");
  t.add("model.alpha", c.alpha, "RBM hidden-unit density", positive_real());
  t.add("model.seed", c.seed, "parameter initialisation seed");
  t.add("model.precision", c.precision,
        "float64 | float32: scalar of the ViT forward pass for sampling and local energies "
        "(Jacobian, SR and parameters stay float64)");
}

void add_sampler_options(OptionTable& t, SamplerConfig& c) {
  t.group("Sampling");
  t.add("sampler.type", c.type,
        "metropolis (exchange Markov chains) | exact (enumerate the Sz=0 sector, small lattices)");
  t.add("sampler.chains", c.chains, "global number of Markov chains", positive_integer());
  t.add("sampler.samples", c.samples,
        "samples per step, in total over all ranks (a multiple of chains)", positive_integer());
  t.add("sampler.sweeps", c.sweeps, "sweeps (N proposals) between stored samples",
        positive_integer());
  t.add("sampler.discard", c.discard, "sweeps discarded at the start of every step",
        non_negative_integer());
  t.add("sampler.warmup", c.warmup, "sweeps at the start of a run and after a restart",
        non_negative_integer());
  t.add("sampler.j1_moves", c.j1_moves, "relative weight of exchange moves across a J1 bond");
  t.add("sampler.j2_moves", c.j2_moves, "relative weight of exchange moves across a J2 bond");
  t.add("sampler.pair_moves", c.pair_moves,
        "relative weight of exchanges of a random pair of opposite spins (any distance)");
  t.add("sampler.psi_power", c.psi_power,
        "Metropolis samples |psi|^q, 0 < q <= 2; q < 2 visits small-|psi| states more often and "
        "the estimators reweight by |psi|^(2-q)",
        real_in(0, true, 2, false));
  t.add("sampler.seed", c.seed, "Markov chain seed");
}

void add_optimizer_options(OptionTable& t, OptimizerConfig& c) {
  t.group("Optimisation");
  t.add("optimizer.method", c.method,
        "sr (stochastic reconfiguration) | adam (plain gradient, baseline)");
  t.add("optimizer.solver", c.solver,
        "auto | kernel (sample space, 2M x 2M) | parameter (P x P); auto = kernel when 2M < P");
  t.add("optimizer.lr", c.lr, "learning rate eta (> 0)", positive_real());
  t.add("optimizer.diag_shift", c.diag_shift, "SR diagonal shift lambda (>= 0)",
        non_negative_real());
  t.add("optimizer.steps", c.steps,
        "total optimisation steps (a restart continues up to this count)", non_negative_integer());
  t.add("optimizer.schedule", c.schedule,
        "learning-rate schedule: constant | cosine | exponential");
  t.add("optimizer.final_lr_fraction", c.final_lr_fraction, "decaying schedules end at lr * this",
        real_in(0, true, 1, false));
  t.add("optimizer.clip_local_energy", c.clip_local_energy,
        "clip E_loc to median +- this x mean absolute deviation in the SR right-hand side only "
        "(Markov samples; 0 = off)",
        non_negative_real());
  t.add("optimizer.shift_schedule", c.shift_schedule,
        "diagonal-shift schedule: constant | cosine | exponential");
  t.add("optimizer.final_shift_fraction", c.final_shift_fraction,
        "decaying shift schedules end at diag_shift * this", real_in(0, true, 1, false));
  t.add("optimizer.momentum", c.momentum,
        "SPRING momentum mu in [0, 1) for SR (0 disables); Adam ignores it",
        real_in(0, false, 1, true));
  t.add("optimizer.stages", c.stages,
        "plan in stages, e.g. \"none:250,translations:30,lattice:20:lr=0.05\" (level:steps"
        "[:lr=X][:shift=X][:samples=N]); steps = their sum; empty: --model.symmetrize throughout; "
        "the default plan is dropped when --optimizer.steps or --model.symmetrize is given")
      .echoed_when([&c] { return !c.stages.empty(); });
  t.add("optimizer.reproducible", c.reproducible,
        "true: every rank solves SR on all rows in global order, so results are bit-identical on "
        "any rank count (memory 2M x P per rank; small studies, docs/sr.md)")
      .echoed(EchoRule::unless_default);
}

void add_output_options(OptionTable& t, MeasureConfig& m, OutputConfig& out, std::string& restart) {
  t.group("Measurement, output and restart");
  t.add("measure.samples", m.samples, "fresh samples for the final evaluation (0 skips it)",
        non_negative_integer());
  t.add("output.dir", out.dir, "directory for all outputs",
        text_matching([](const std::string& d) { return !d.empty(); }, "a directory path"));
  t.add("output.attention_every", out.attention_every,
        "log the attention spread D and the mean maps by displacement to log.h5 every this many "
        "steps (plain ViT; 0: off; docs/attention.md)",
        non_negative_integer())
      .echoed(EchoRule::never);
  t.add("output.checkpoint_every", out.checkpoint_every, "steps between checkpoints",
        positive_integer());
  t.add("output.keep", out.keep, "numbered checkpoints kept", positive_integer());
  t.add("output.checkpoint_minutes", out.checkpoint_minutes,
        "also checkpoint when this many minutes passed since the last checkpoint (0: off)",
        non_negative_real());
  t.add("restart", restart,
        "checkpoint to restart from, or 'auto' (latest in output.dir, fresh start if none)")
      .echoed(EchoRule::never);
}

void add_limit_options(OptionTable& t, RunLimitsConfig& c, PlanConfig& p, bool& plan) {
  t.group("Job limits and resources (docs/running.md, docs/memory-plan.md)");
  t.add("run.walltime", c.walltime,
        "HH:MM:SS wall-time budget: stop with a checkpoint (exit 0) before it runs out; "
        "resubmit with --restart auto (empty: no limit)")
      .echoed(EchoRule::unless_default);
  t.add("run.memory_per_rank", c.memory_per_rank,
        "bytes a rank may use, e.g. 4G, 512M (binary units); auto = node memory (or cgroup limit) "
        "/ ranks on the node. A run whose memory plan exceeds it exits 2",
        text_matching(
            [](const std::string& v) { return v == "auto" || parse_byte_size(v).has_value(); },
            "auto or a positive byte count such as 4G, 512M, 2048K, 1000000"))
      .echoed(EchoRule::never);
  t.add_switch("plan", plan, "print the memory and FLOP plan (table + one JSON line), exit");
  t.add("plan.ranks", p.ranks,
        "ranks to plan for with --plan (0: the ranks of this run); no processes are started",
        non_negative_integer())
      .echoed(EchoRule::never);
}

void add_init_options(OptionTable& t, InitConfig& c) {
  t.group("Initialisation from another run");
  t.add("init.from", c.from,
        "checkpoint of another run (same architecture, any lattice the patch divides) whose "
        "parameters start this one; ignored when --restart continues a checkpoint")
      .echoed(EchoRule::unless_default);
  t.add("init.new_displacements", c.new_displacements,
        "how attention tables move to another patch grid: wrap (factored attention keeps each "
        "head's total weight; standard attention as zero) | zero (0 at displacements the source "
        "lacked) | nearest (the value at the largest displacement it had); docs/extrapolation.md")
      .echoed_when([&c] { return !c.from.empty(); });
  t.add("init.attention_maps", c.attention_maps,
        "vmc_measure --output file: start factored attention from its mean attention maps "
        "(by displacement; the full maps with --model.full_alpha) and every other parameter from "
        "--init.from; docs/attention.md")
      .echoed_when([&c] { return !c.from.empty() && !c.attention_maps.empty(); });
}

OptionTable run_option_table(RunConfig& c, bool& plan) {
  OptionTable t;
  add_lattice_options(t, c.lattice);
  add_model_options(t, c.model);
  add_sampler_options(t, c.sampler);
  add_optimizer_options(t, c.optimizer);
  add_output_options(t, c.measure, c.output, c.restart);
  add_limit_options(t, c.run, c.plan, plan);
  add_init_options(t, c.init);
  return t;
}

void validate_lattice(const LatticeConfig& l) {
  require_input((l.lx * l.ly) % 2 == 0, "--lattice.lx",
                "lx * ly must be even (the Sz = 0 sector), got " + str(l.lx * l.ly) + " sites");
  const Index period = lattice_definition(l.type).period;
  require_input(l.lx % period == 0 && l.ly % period == 0, "--lattice.type",
                std::string(name_of(l.type)) +
                    " needs --lattice.lx and --lattice.ly multiples of " + str(period) +
                    (period == 2 ? " (even sides)" : "") + ": its bond pattern has period " +
                    str(period) + ", got " + str(l.lx) + "x" + str(l.ly));
  const bool fixed_sign =
      l.marshall == MarshallRule::on || l.marshall == MarshallRule::checkerboard;
  require_input(!fixed_sign || has_even_sides(l), "--lattice.marshall",
                std::string(name_of(l.marshall)) +
                    " needs even lattice sides (use auto or false), got " + str(l.lx) + "x" +
                    str(l.ly));
}

void validate_model(const ModelConfig& m, const LatticeConfig& l) {
  require_input(m.d % m.heads == 0, "--model.d",
                "must be divisible by --model.heads (" + str(m.heads) + "), got " + str(m.d));
  const bool vit = m.type == ModelKind::vit;
  require_input(
      !vit || (l.lx % m.patch == 0 && l.ly % m.patch == 0), "--model.patch",
      "must divide both lattice sides (" + str(l.lx) + "x" + str(l.ly) + "), got " + str(m.patch));
  // A translation-invariant ViT whose patch is not a multiple of the bond pattern's period is
  // invariant under translations that move the pattern (the Shastry-Sutherland dimers): a symmetry
  // the Hamiltonian lacks.
  const Index period = lattice_definition(l.type).period;
  require_input(!vit || m.full_alpha || m.patch % period == 0, "--model.patch",
                "must be a multiple of " + str(period) + (period == 2 ? " (even)" : "") + " on " +
                    std::string(name_of(l.type)) + " (or use --model.full_alpha true), got " +
                    str(m.patch));
  require_input(m.precision == Precision::float64 || vit, "--model.precision",
                "float32 is implemented for --model.type vit only, got --model.type " +
                    std::string(name_of(m.type)));
}

void validate_sampler(const SamplerConfig& s, const LatticeConfig& l) {
  require_input(
      s.samples % s.chains == 0, "--sampler.samples",
      "must be a multiple of --sampler.chains (" + str(s.chains) + "), got " + str(s.samples));
  require_input(
      s.j1_moves >= 0 && s.j2_moves >= 0 && s.pair_moves >= 0 &&
          s.j1_moves + s.j2_moves + s.pair_moves > 0,
      "--sampler.j1_moves",
      "move weights (--sampler.j1_moves, --sampler.j2_moves, --sampler.pair_moves) must be "
      "non-negative with a positive sum");
  require_input(s.type != SamplerKind::exact || l.lx * l.ly <= 36, "--sampler.type",
                "exact enumeration is limited to lattices of at most 36 sites");
}

namespace {

// The plan parses, owns the symmetrisation and the step count, and its sample counts fit the
// chains.
void validate_stages(const RunConfig& c) {
  const std::vector<OptimizerStage> stages = parse_stages(c.optimizer.stages);
  if (stages.empty()) return;
  const Index total = total_stage_steps(stages);
  require_input(c.optimizer.steps == total, "--optimizer.stages",
                "its steps sum to " + str(total) + " but --optimizer.steps is " +
                    str(c.optimizer.steps) + " (leave --optimizer.steps out, or make them equal)");
  require_input(c.model.symmetrize == SymmetryLevel::none, "--optimizer.stages",
                "sets the symmetrisation of each stage: leave --model.symmetrize at none, got '" +
                    std::string(name_of(c.model.symmetrize)) + "'");
  for (const OptimizerStage& s : stages)
    require_input(!s.samples || *s.samples % c.sampler.chains == 0, "--optimizer.stages",
                  "samples=" + str(s.samples.value_or(0)) +
                      " must be a multiple of --sampler.chains (" + str(c.sampler.chains) + ")");
}

}  // namespace

void validate_run_config(const RunConfig& c) {
  bool plan = false;
  RunConfig copy = c;  // the table binds to fields; its checks read them
  run_option_table(copy, plan).check_values();
  validate_lattice(c.lattice);
  validate_model(c.model, c.lattice);
  validate_sampler(c.sampler, c.lattice);
  validate_stages(c);
  // Exact mode normalises |psi|^2 from per-rank sums over per-rank ranges: not rank-count free.
  require_input(!c.optimizer.reproducible || c.sampler.type == SamplerKind::metropolis,
                "--optimizer.reproducible",
                "true needs --sampler.type metropolis (exact-mode sums depend on the rank count)");
  walltime_seconds(c.run.walltime);  // throws for a malformed value
}

std::map<std::string, std::string> restart_compatibility_fields(const RunConfig& c) {
  RunConfig copy = c;  // the rows bind to fields
  bool plan = false;
  const OptionTable table = run_option_table(copy, plan);
  std::map<std::string, std::string> fields;
  for (const OptionTable::Group& g : table.groups()) {
    for (const OptionRow& r : g.rows) {
      const bool problem = r.name.rfind("lattice.", 0) == 0 || r.name.rfind("model.", 0) == 0;
      if (!problem || r.name == "model.seed" || r.name == "model.precision") continue;
      fields[r.name] = r.echo_text ? r.echo_text() : r.text();
    }
  }
  return fields;
}

std::optional<double> memory_per_rank_bytes(const RunLimitsConfig& limits) {
  if (limits.memory_per_rank == "auto") return std::nullopt;
  const auto bytes = parse_byte_size(limits.memory_per_rank);
  require_input(bytes.has_value(), "--run.memory_per_rank",
                "expected auto or a byte count such as 4G, 512M, 2048K, got '" +
                    limits.memory_per_rank + "'");
  return static_cast<double>(*bytes);
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

}  // namespace vitvmc
