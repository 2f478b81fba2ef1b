#pragma once
/// \file trained_state.hpp
/// The one loader of a trained state from a vmc_dist checkpoint, used by restarts
/// (checkpointing.cpp), vmc_measure (measurement.cpp), --init.from (init_from.cpp) and
/// --init.attention_maps: read the file, check that it fits the model at hand, copy theta, and
/// hand back the saved Markov chains when there are as many as the run wants.

#include <optional>
#include <string>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/model/wavefunction.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/sampler/chain_set.hpp"

namespace vitvmc {

/// The checkpoint at `path`: parameters, step, configuration echo and optimiser state, plus this
/// rank's block of the saved chains when the file holds exactly `chains` of them (chains = 0:
/// no chains). Collective; a missing, damaged or unreadable file throws CheckpointError on every
/// rank.
CheckpointData read_trained_state(const std::string& path, Index chains, const Communicator& comm);

/// Throws CheckpointError (naming every difference) unless `checkpoint` holds parameters of
/// `psi`'s layout for the lattice and architecture of `config`: the checkpoint's own run is read
/// back from its configuration echo.
void require_same_problem(const CheckpointData& checkpoint, const WaveFunction& psi,
                          const RunConfig& config);

/// Copies the saved theta into `psi` after require_same_problem; the CheckpointError names `path`.
/// Nothing is changed when it throws.
void load_parameters(WaveFunction& psi, const CheckpointData& saved, const RunConfig& config,
                     const std::string& path);

/// This rank's saved chains, as read by read_trained_state(path, chains, ...), continuing exactly
/// where they stopped (their own seed and counters); nullopt when the file holds another number
/// of chains (or chains = 0).
std::optional<ChainSet> saved_chains(const CheckpointData& saved, Index chains);

}  // namespace vitvmc
