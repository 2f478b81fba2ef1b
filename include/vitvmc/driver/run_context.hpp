#pragma once
/// \file run_context.hpp
/// What a run reads but never changes (configuration, lattice, Hamiltonian, communicator) and what
/// it carries from step to step (model, chains, optimiser state, timers).

#include <memory>
#include <optional>
#include <string>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/config/stages.hpp"
#include "vitvmc/hamiltonian/heisenberg_model.hpp"
#include "vitvmc/lattice/bond_set.hpp"
#include "vitvmc/lattice/square_lattice.hpp"
#include "vitvmc/model/wavefunction.hpp"
#include "vitvmc/optimizer/adam.hpp"
#include "vitvmc/optimizer/schedule.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/sampler/chain_set.hpp"
#include "vitvmc/sampler/exact_enumeration.hpp"
#include "vitvmc/sampler/metropolis_exchange.hpp"
#include "vitvmc/util/timer.hpp"

namespace vitvmc {

/// Immutable for the whole run; built identically on every rank.
struct RunContext {
  RunContext(const RunConfig& run_config, std::string echo, const Communicator& communicator);

  RunConfig config;
  std::string config_echo;  ///< INI text of the effective configuration
  SquareLattice lattice;
  BondSet bonds;  ///< --lattice.type's bonds on `lattice` (lattice_bonds.hpp)
  HeisenbergModel hamiltonian;
  MetropolisExchange sampler;
  std::optional<ExactEnumeration> exact;  ///< the enumerated sector (exact mode only)
  Schedule learning_rate;
  Schedule diag_shift;  ///< scheduled SR shift; rejected steps multiply it (OptimizerState)
  std::vector<OptimizerStage> stages;  ///< --optimizer.stages (empty: no plan)
  const Communicator& comm;
  /// This rank alone: the SR solve's communicator under --optimizer.reproducible.
  Communicator self = Communicator::duplicate(MPI_COMM_SELF);
  const Communicator& sr_comm() const { return config.optimizer.reproducible ? self : comm; }
};

/// Optimiser memory carried across steps (and into checkpoints).
struct OptimizerState {
  RealVector spring_momentum;  ///< SPRING: the previous update direction phi
  AdamState adam;
  /// Factor on the scheduled shift: x10 after a rejected step, halved (down to 1) after each
  /// accepted one, so a transient blow-up does not leave the run over-regularised for good.
  Real shift_boost = 1.0;
  Index consecutive_rejections = 0;
  RealVector previous_theta;  ///< theta before the last accepted update (rollback target)
};

/// Everything that evolves during a run.
struct VmcState {
  std::unique_ptr<WaveFunction> psi;
  std::optional<ChainSet> chains;  ///< Markov chains of this rank (absent in exact mode)
  OptimizerState optimizer;
  Index step = 0;                                  ///< completed optimisation steps
  SymmetryLevel symmetrize = SymmetryLevel::none;  ///< psi's symmetrisation (stage_switch.hpp)
  PhaseTimers timers;                              ///< cumulative over the run
};

/// Builds the model, the chains of this rank and the initial optimiser state for a fresh run.
VmcState make_initial_state(const RunContext& ctx);

}  // namespace vitvmc
