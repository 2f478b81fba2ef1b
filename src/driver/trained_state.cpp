#include "vitvmc/driver/trained_state.hpp"

#include "vitvmc/config/parse.hpp"
#include "vitvmc/io/checkpoint_compat.hpp"
#include "vitvmc/util/error.hpp"

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

void require_same_problem(const CheckpointData& checkpoint, const WaveFunction& psi,
                          const RunConfig& config) {
  RunConfig saved;
  try {
    saved = run_config_from_echo(checkpoint.config_echo);
  } catch (const InvalidInput& e) {
    throw CheckpointError("its configuration echo does not read back: " + std::string(e.what()));
  }
  validate_compatible(checkpoint, psi.parameters().slices(), restart_compatibility_fields(saved),
                      restart_compatibility_fields(config));
}

void load_parameters(WaveFunction& psi, const CheckpointData& saved, const RunConfig& config,
                     const std::string& path) {
  try {
    require_same_problem(saved, psi, config);
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
