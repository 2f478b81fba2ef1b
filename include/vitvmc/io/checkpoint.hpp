#pragma once
/// \file checkpoint.hpp
/// Checkpoint schema v1 (docs/checkpoint-format.md): everything a run needs to continue exactly,
/// written collectively with parallel HDF5. Chains are global objects stored by global id, so a
/// restart may read them back on a different number of ranks.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "vitvmc/model/parameter_store.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

class Communicator;

/// The schema this code writes. 4: the HDF5 1.10 file format, all metadata checksummed (3: every
/// non-scalar dataset carries a Fletcher32 checksum; 2: optimizer/shift_boost replaced diag_shift).
/// Files of every version must have checksummed metadata (older ones converted with h5repack).
inline constexpr int kCheckpointSchemaVersion = 4;
/// The oldest schema still read: version 2 is version 3 without checksums (read unverified).
inline constexpr int kOldestReadableSchemaVersion = 2;

/// A checkpoint cannot be written, read or used: the message says which file and what is wrong.
class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One row of the parameter layout table: the ParameterStore slice (name, offset, shape).
using ParameterLayoutEntry = ParameterSlice;

/// A checkpoint as one rank sees it: replicated fields plus this rank's block of chains.
struct CheckpointData {
  int schema_version = kCheckpointSchemaVersion;  ///< ignored on write (always the current one)
  std::string code_version;                       ///< ignored on write (always kVersion)
  std::string config_echo;                   ///< the run configuration as `section.key = value`
  Index step = 0;                            ///< completed optimisation steps
  RealVector theta;                          ///< all parameters (replicated)
  std::vector<ParameterLayoutEntry> layout;  ///< ParameterStore::slices()
  /// Generic optimiser state (schedule position, momentum, shift, learning rate, ...): a scalar
  /// is a vector of length 1. Names are HDF5 link names: non-empty, no '/', not ".".
  std::map<std::string, RealVector> optimizer_state;
  std::map<std::string, double> timers;  ///< cumulative seconds per phase
  Index n_chains_total = 0;
  Index n_sites = 0;
  Index first_chain = 0;                    ///< global id of this rank's first chain
  ConfigBatch configs;                      ///< local chains x n_sites, entries +-1
  ComplexVector log_psi;                    ///< cached log psi of each local chain
  std::vector<std::uint64_t> rng_counters;  ///< Philox counter of each local chain
  std::uint64_t sampler_seed = 0;           ///< chain c's stream is PhiloxStream(seed, c, counter)

  /// Number of chains held by this rank.
  Index n_local_chains() const { return configs.rows(); }
};

/// Writes `local` collectively into `path` (created or truncated) and closes it. Every rank passes
/// the same replicated fields; the ranks' [first_chain, first_chain + n_local_chains) blocks must
/// tile [0, n_chains_total). Throws CheckpointError on every rank when any rank's input is invalid.
void write_checkpoint_file(const std::string& path, const CheckpointData& local,
                           const Communicator& comm);

/// Writes `<dir>/checkpoint.h5` safely: the file is written as `checkpoint.h5.tmp`, flushed and
/// closed, then published (see publish_checkpoint). Returns the path of checkpoint.h5.
std::string write_checkpoint(const std::string& dir, const CheckpointData& local, Index keep,
                             const Communicator& comm);

/// Reads the checkpoint at `path` with this rank's chains [first_chain, first_chain +
/// n_local_chains) (collective). A missing, truncated or malformed file, another schema version or
/// a chain range outside the file throws CheckpointError on every rank.
CheckpointData read_checkpoint(const std::string& path, Index first_chain, Index n_local_chains,
                               const Communicator& comm);

/// As above with the chains split in balanced blocks over `comm` (block_chain_range).
CheckpointData read_checkpoint(const std::string& path, const Communicator& comm);

/// Balanced block of [0, n_total) owned by `rank` of `size`: the first n_total % size ranks hold
/// one more. Returns {first, count}.
std::pair<Index, Index> block_chain_range(Index n_total, int rank, int size);

}  // namespace vitvmc
