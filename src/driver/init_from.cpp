#include "vitvmc/driver/init_from.hpp"

#include <sstream>

#include "vitvmc/config/parse.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/lattice/lattice_bonds.hpp"
#include "vitvmc/model/parameter_transfer.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

constexpr const char* kOption = "--init.from";

// The source run's lattice and model, read back from its configuration echo.
TransferSource source_from(const CheckpointData& c, const std::string& path) {
  RunConfig source;
  try {
    source = run_config_from_echo(c.config_echo);
  } catch (const InvalidInput& e) {
    throw InvalidInput(kOption,
                       path + ": the checkpoint's configuration does not read back: " + e.what());
  }
  TransferSource s;
  s.lx = source.lattice.lx;
  s.ly = source.lattice.ly;
  s.marshall = resolved_sign_rule(source.lattice);
  s.model = source.model;
  s.layout = c.layout;
  s.theta = c.theta;
  return s;
}

}  // namespace

std::string InitFromRecord::describe() const {
  std::ostringstream m;
  m << "initialised from " << checkpoint;
  if (source_step >= 0) {
    m << " (step " << source_step << ", " << source_lx << "x" << source_ly << ", " << source_model
      << "): " << remapped_tables << " attention table(s) re-indexed by patch "
      << "displacement, " << new_displacement_entries << " new displacement(s) per table filled by "
      << "rule '" << new_displacements << "'";
  } else {
    m << " at step 0 (continued from this run's own checkpoint)";
  }
  return m.str();
}

Json InitFromRecord::json() const {
  Json j = {{"checkpoint", checkpoint}, {"new_displacements", new_displacements}};
  if (source_step >= 0) {
    j["step"] = source_step;
    j["lx"] = source_lx;
    j["ly"] = source_ly;
  }
  return j;
}

InitFromRecord apply_init_from(VmcState& state, const RunContext& ctx) {
  const InitConfig& init = ctx.config.init;
  const DisplacementRule rule = init.new_displacements;
  CheckpointData c;
  try {
    c = read_checkpoint(init.from, 0, 0, ctx.comm);  // parameters only, no chains
  } catch (const CheckpointError& e) {
    throw InvalidInput(kOption, e.what());
  }
  const TransferSource source = source_from(c, init.from);
  const TransferReport report = transfer_parameters(source, ctx.config.lattice, ctx.config.model,
                                                    rule, state.psi->parameters());
  InitFromRecord r;
  r.checkpoint = init.from;
  r.new_displacements = std::string(name_of(init.new_displacements));
  r.source_step = c.step;
  r.source_lx = source.lx;
  r.source_ly = source.ly;
  r.source_model = std::string(name_of(source.model.type)) + " " +
                   std::string(name_of(source.model.attention)) + ", symmetrize " +
                   std::string(name_of(source.model.symmetrize));
  r.remapped_tables = report.remapped_tables;
  r.new_displacement_entries = report.new_displacements;
  return r;
}

std::optional<InitFromRecord> init_from_of_config(const RunContext& ctx) {
  if (ctx.config.init.from.empty()) return std::nullopt;
  InitFromRecord r;
  r.checkpoint = ctx.config.init.from;
  r.new_displacements = std::string(name_of(ctx.config.init.new_displacements));
  return r;
}

}  // namespace vitvmc
