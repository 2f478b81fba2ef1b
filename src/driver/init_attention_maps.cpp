#include "vitvmc/driver/init_attention_maps.hpp"

#include "vitvmc/driver/trained_state.hpp"
#include "vitvmc/io/measurement_file.hpp"
#include "vitvmc/model/attention_conversion.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

constexpr const char* kOption = "--init.attention_maps";

}  // namespace

InitFromRecord apply_init_attention_maps(VmcState& state, const RunContext& ctx) {
  const RunConfig& c = ctx.config;
  require_input(!c.init.from.empty(), kOption,
                "needs --init.from (the checkpoint the other parameters come from)");
  require_input(
      c.model.type == ModelKind::vit && c.model.attention == AttentionKind::factored, kOption,
      "initialises factored attention: needs --model.type vit and --model.attention "
      "factored, got " +
          std::string(name_of(c.model.type)) + " " + std::string(name_of(c.model.attention)));
  CheckpointData saved;
  try {
    saved = read_trained_state(c.init.from, 0, ctx.comm);  // parameters only
  } catch (const CheckpointError& e) {
    throw InvalidInput("--init.from", e.what());
  }
  std::vector<RealMatrix> tables;
  try {
    tables = read_attention_tables(c.init.attention_maps,
                                   c.model.full_alpha ? "mean" : "by_displacement", c.model.layers);
  } catch (const MeasurementFileError& e) {
    throw InvalidInput(kOption, e.what());
  }
  set_attention_tables(saved.layout, saved.theta, tables, state.psi->parameters(), kOption);
  InitFromRecord r;
  r.checkpoint = c.init.from;
  r.new_displacements = "attention maps of " + c.init.attention_maps;
  r.source_step = saved.step;
  r.source_lx = c.lattice.lx;
  r.source_ly = c.lattice.ly;
  r.source_model = "shared weights; attention from measured maps";
  return r;
}

}  // namespace vitvmc
