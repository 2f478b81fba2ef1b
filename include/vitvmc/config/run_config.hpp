#pragma once
/// \file run_config.hpp
/// The run configuration: plain aggregates, parsed once (config/parse.cpp, the only Boost user) and
/// read everywhere else. Field names match the option names: --lattice.lx is LatticeConfig::lx.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "vitvmc/config/kinds.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

struct LatticeConfig {
  Index lx = 6;
  Index ly = 6;
  Real j1 = 1.0;
  Real j2 = 0.5;
  /// Marshall sign rule on the basis: auto | true | false | checkerboard. auto turns it on when
  /// both sides are even (bipartite with periodic boundaries): exact at J2 = 0, a good prior up to
  /// J2 ~ 0.5, and what lets 1024 samples per step reach 1e-3 on 4x4 (docs/vmc.md). Set false in
  /// the stripe phase. checkerboard: the square-lattice (x + y) mod 2 Marshall sign on any lattice
  /// with even sides (on shastry_sutherland, where true means the dimer rule: the Neel side,
  /// docs/lattices.md).
  MarshallRule marshall = MarshallRule::automatic;
  /// square (J1 nearest neighbours, J2 diagonals) | shastry_sutherland (j1 = J' on the square
  /// bonds, j2 = J on the dimer diagonals; docs/lattices.md).
  LatticeKind type = LatticeKind::square;
};

/// Both sides even: the periodic lattice is bipartite, so the Marshall sign is defined.
inline bool has_even_sides(const LatticeConfig& c) { return c.lx % 2 == 0 && c.ly % 2 == 0; }

struct ModelConfig {
  ModelKind type = ModelKind::vit;
  AttentionKind attention = AttentionKind::factored;
  bool full_alpha = false;  ///< factored: a full h x n x n alpha instead of translation-invariant
  Index d = 16;             ///< embedding width
  Index heads = 2;
  Index layers = 2;
  Index patch = 2;  ///< patch side b
  Index ffn = 4;    ///< feed-forward width multiplier: f = ffn * d
  SymmetryLevel symmetrize = SymmetryLevel::none;
  Real alpha = 2.0;           ///< RBM hidden-unit density
  std::uint64_t seed = 1234;  ///< parameter initialisation seed
  /// float64 | float32: the scalar of the ViT's forward pass for sampling and the local energy
  /// (the Jacobian, SR and theta stay double).
  Precision precision = Precision::float64;
};

struct SamplerConfig {
  SamplerKind type = SamplerKind::metropolis;
  Index chains = 32;      ///< global number of Markov chains
  Index samples = 1024;   ///< global samples per step (a multiple of chains)
  Index sweeps = 1;       ///< sweeps (N proposals each) between two stored samples
  Index discard = 5;      ///< sweeps discarded at the start of every step
  Index warmup = 100;     ///< sweeps at the start of a run and after a restart
  Real j1_moves = 0.4;    ///< relative weight of exchanges across a J1 bond
  Real j2_moves = 0.3;    ///< relative weight of exchanges across a J2 bond
  Real pair_moves = 0.3;  ///< relative weight of exchanges of a random opposite-spin pair
  /// Metropolis samples |psi|^psi_power (0 < q <= 2); q < 2 reaches states of small |psi|^2 more
  /// often and the estimators reweight each sample by |psi|^(2 - q) (docs/sampling.md). Exact mode
  /// ignores it (it sums |psi|^2 over the sector).
  Real psi_power = 2;
  std::uint64_t seed = 42;
};

struct OptimizerConfig {
  OptimizerMethod method = OptimizerMethod::sr;
  SolverChoice solver = SolverChoice::automatic;  ///< auto = kernel when 2M < P
  Real lr = 0.1;
  Real diag_shift = 1e-3;
  Index steps = 300;  ///< total optimisation steps (restart continues to this count)
  ScheduleKind schedule = ScheduleKind::constant;
  Real final_lr_fraction = 0.1;  ///< schedules decay the learning rate to lr * this
  ScheduleKind shift_schedule = ScheduleKind::constant;  ///< diagonal-shift schedule
  Real final_shift_fraction = 0.1;  ///< decaying shift schedules end at diag_shift * this
  Real momentum = 0.0;              ///< SPRING momentum (0 disables)
  Real clip_local_energy =
      0.0;  ///< SR right-hand side: clip E_loc to median +- this * MAD (0: off)
  /// Optimisation plan "level:steps[:lr=X][:shift=X][:samples=N],..." (config/stages.hpp);
  /// "" = one stage at --model.symmetrize for --optimizer.steps. Given, steps = the sum of stages.
  std::string stages;
  /// Every rank gathers all SR rows in global sample order and solves on its own, so theta is
  /// bit-identical on any rank count (restarts on another count included); costs 2M x P per rank.
  bool reproducible = false;
};

struct MeasureConfig {
  Index samples = 4096;  ///< fresh samples for the final evaluation
};

struct OutputConfig {
  std::string dir = "vmc_output";
  /// Steps between rows of attention spread D and mean maps in log.h5 (0: off; docs/attention.md).
  Index attention_every = 0;
  Index checkpoint_every = 10;
  Index keep = 3;
  /// Also checkpoint when this many minutes of wall time passed since the last one (0: off); rank
  /// 0's clock decides.
  Real checkpoint_minutes = 0;
};

/// Limits of the job the run lives in: wall time and memory (docs/running.md, docs/memory-plan.md).
struct RunLimitsConfig {
  /// HH:MM:SS wall-time budget from the start of the run ("" = none): the run stops with a
  /// checkpoint when another step (plus one step of margin and a checkpoint write) would not fit,
  /// and exits 0 so a batch chain continues with --restart auto.
  std::string walltime;
  /// Bytes a rank may use (K/M/G/T suffixes, binary), or auto: node memory (MemTotal or the cgroup
  /// limit, whichever is lower) divided by the ranks on the node.
  std::string memory_per_rank = "auto";
};

/// Starting from another run's parameters (docs/extrapolation.md).
struct InitConfig {
  std::string from;  ///< checkpoint whose parameters start this run ("" = the model's own init)
  /// How position tables move to another patch grid: wrap | zero | nearest (docs/extrapolation.md).
  /// wrap (factored attention conserves each head's total weight) started 8x8 -> 10x10 at J2 = 0.5
  /// at E/N -0.428 against -0.220 (zero) and -0.103 (random).
  DisplacementRule new_displacements = DisplacementRule::wrap;
  /// vmc_measure --output file whose mean attention maps start a factored model (with `from`
  /// giving the other parameters; driver/init_attention_maps.hpp). "" = off.
  std::string attention_maps;
};

/// vmc_dist --plan: print the memory and FLOP plan and exit.
struct PlanConfig {
  Index ranks = 0;  ///< ranks to plan for; 0: the ranks of this run
};

/// What --restart asks for: a fresh run (""), the latest checkpoint in output.dir ("auto"), or a
/// checkpoint path.
enum class RestartFrom { fresh, latest, path };
inline RestartFrom restart_from(const std::string& restart) {
  if (restart.empty()) return RestartFrom::fresh;
  return restart == "auto" ? RestartFrom::latest : RestartFrom::path;
}

/// --run.memory_per_rank as bytes; nothing for "auto" (the node's memory decides). The option's
/// own check (run_options.cpp) has refused anything else.
std::optional<double> memory_per_rank_bytes(const RunLimitsConfig& limits);

struct RunConfig {
  LatticeConfig lattice;
  ModelConfig model;
  SamplerConfig sampler;
  OptimizerConfig optimizer;
  MeasureConfig measure;
  OutputConfig output;
  RunLimitsConfig run;
  std::string restart;  ///< "" (fresh), "auto", or a checkpoint path
  InitConfig init;
  PlanConfig plan;
};

}  // namespace vitvmc
