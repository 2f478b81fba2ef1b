#pragma once
/// \file trained_state.hpp
/// The one loader of a trained state from a vmc_dist checkpoint, used by restarts
/// (checkpointing.cpp), vmc_measure (measurement.cpp), --init.from (init_from.cpp) and
/// --init.attention_maps: read the file, check that it fits the model at hand, copy theta, and
/// hand back the saved Markov chains when there are as many as the run wants.

#include <optional>
#include <string>

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

/// Copies the saved theta into `psi` after checking that the checkpoint belongs to the same
/// problem: the parameter layout of `psi` and the restart-compatibility fields (lattice, model) of
/// `config_echo` (io/checkpoint_compat.hpp). Throws CheckpointError naming `path` and every
/// difference, before anything is changed.
void load_parameters(WaveFunction& psi, const CheckpointData& saved, const std::string& config_echo,
                     const std::string& path);

/// This rank's saved chains, as read by read_trained_state(path, chains, ...), continuing exactly
/// where they stopped (their own seed and counters); nullopt when the file holds another number
/// of chains (or chains = 0).
std::optional<ChainSet> saved_chains(const CheckpointData& saved, Index chains);

}  // namespace vitvmc
