#include "vitvmc/driver/trained_state.hpp"

#include "vitvmc/io/checkpoint_compat.hpp"

namespace vitvmc {

CheckpointData read_trained_state(const std::string& path, Index chains, const Communicator& comm) {
  // Parameters first: the saved chain count decides whether this rank's chains are read.
  CheckpointData saved = read_checkpoint(path, 0, 0, comm);
  if (chains > 0 && saved.n_chains_total == chains) {
    const auto [first, count] = block_chain_range(chains, comm.rank(), comm.size());
    saved = read_checkpoint(path, first, count, comm);
  }
  return saved;
}

void load_parameters(WaveFunction& psi, const CheckpointData& saved, const std::string& config_echo,
                     const std::string& path) {
  try {
    validate_compatible(saved, psi.parameters().slices(),
                        restart_compatibility_fields(config_echo));
  } catch (const CheckpointError& e) {
    throw CheckpointError(path + ": " + e.what());  // name the file the user gave
  }
  psi.parameters().values() = saved.theta;
}

std::optional<ChainSet> saved_chains(const CheckpointData& saved, Index chains) {
  if (chains == 0 || saved.n_chains_total != chains) return std::nullopt;
  std::optional<ChainSet> set;
  set.emplace(saved.n_sites, saved.first_chain, saved.n_local_chains(), saved.sampler_seed);
  set->restore(saved.configs, saved.log_psi, saved.rng_counters);
  return set;
}

}  // namespace vitvmc
