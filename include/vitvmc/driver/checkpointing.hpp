#pragma once
/// \file checkpointing.hpp
/// The bridge between a run's state and the HDF5 checkpoint: what is saved, and how a restart
/// (possibly on another number of ranks) puts it back.

#include <string>

#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/io/checkpoint.hpp"

namespace vitvmc {

/// Writes <output.dir>/checkpoint.h5 (and checkpoint-<step>.h5, keeping --output.keep)
/// collectively.
void save_checkpoint(const VmcState& state, const RunContext& ctx);

/// The checkpoint --restart names: "" for a fresh start; "auto" picks the newest in output.dir (or
/// "" when there is none). Throws InvalidInput("--restart") for a missing file, and when a fresh
/// start would overwrite a checkpoint already in output.dir.
std::string resolve_restart_path(const RunContext& ctx);

/// Loads parameters, step, optimiser state, timers and (when the chain count is unchanged) every
/// chain of this rank from `path`. Refuses a checkpoint of another lattice or architecture, or a
/// damaged file, with CheckpointError before anything is changed. Returns true when the chains were
/// restored (no new warm-up needed).
bool restore_checkpoint(VmcState& state, const RunContext& ctx, const std::string& path);

/// Throws CheckpointError (naming every difference) unless `checkpoint` holds parameters of
/// `psi`'s layout for the lattice and architecture of `config`: the checkpoint's own run is read
/// back from its configuration echo.
void require_same_problem(const CheckpointData& checkpoint, const WaveFunction& psi,
                          const RunConfig& config);

}  // namespace vitvmc
