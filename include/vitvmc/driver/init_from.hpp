#pragma once
/// \file init_from.hpp
/// --init.from: a fresh run (step 0, new chains, new optimiser state) whose parameters come from
/// another run's checkpoint, possibly on another lattice (model/parameter_transfer.hpp).

#include <optional>
#include <string>

#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/util/json.hpp"

namespace vitvmc {

/// Where a run's initial parameters came from, for the run header and summary.json.
struct InitFromRecord {
  std::string checkpoint;
  std::string new_displacements;
  Index source_step = -1;  ///< -1 when not read in this process (a restart of a transferred run)
  Index source_lx = 0;
  Index source_ly = 0;
  std::string source_model;
  Index remapped_tables = 0;
  Index new_displacement_entries = 0;  ///< per table and head

  /// One line for the run header.
  std::string describe() const;
  /// The object under summary.json's "init_from" key.
  Json json() const;
};

/// Reads the checkpoint named by --init.from (collective; every rank reaches the same verdict)
/// and writes its parameters into state.psi. Throws InvalidInput naming --init.from (unreadable
/// file) or the setting that forbids the transfer.
InitFromRecord apply_init_from(VmcState& state, const RunContext& ctx);

/// The record of a run configured with --init.from but restarted from its own checkpoint (no
/// transfer in this process), or nullopt without --init.from.
std::optional<InitFromRecord> init_from_of_config(const RunContext& ctx);

}  // namespace vitvmc
