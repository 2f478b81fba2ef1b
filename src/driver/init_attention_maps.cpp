#include "vitvmc/driver/init_attention_maps.hpp"

#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/h5.hpp"
#include "vitvmc/io/h5_data.hpp"
#include "vitvmc/model/attention_conversion.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

constexpr const char* kOption = "--init.attention_maps";

/// One h x (per head) table per layer from `dataset` of /attention/layer<l> in a vmc_measure file.
std::vector<RealMatrix> read_tables(const std::string& path, const std::string& dataset,
                                    Index layers) {
  std::vector<RealMatrix> tables;
  try {
    const H5File file = h5_open_serial(path, H5Access::kReadOnly);
    for (Index l = 0; l < layers; ++l) {
      const std::string name = "attention/layer" + std::to_string(l) + "/" + dataset;
      require_input(h5_exists(file.id(), name), kOption,
                    path + " has no /" + name + " (write it with vmc_measure --output)");
      const H5Dataset ds = h5_open_dataset(file.id(), name);
      const std::vector<hsize_t> dims = h5_dims(ds.id());
      require_input(!dims.empty(), kOption, path + ": /" + name + " is a scalar");
      hsize_t per_head = 1;
      for (std::size_t k = 1; k < dims.size(); ++k) per_head *= dims[k];
      RealMatrix t(static_cast<Index>(dims[0]), static_cast<Index>(per_head));
      h5_read_rows(ds.id(), h5_native_type<double>(), t.data(), 0, dims[0]);
      tables.push_back(std::move(t));
    }
  } catch (const H5Error& e) {
    throw InvalidInput(kOption, path + ": " + e.what());
  }
  return tables;
}

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
    saved = read_checkpoint(c.init.from, 0, 0, ctx.comm);  // parameters only
  } catch (const CheckpointError& e) {
    throw InvalidInput("--init.from", e.what());
  }
  const std::vector<RealMatrix> tables = read_tables(
      c.init.attention_maps, c.model.full_alpha ? "mean" : "by_displacement", c.model.layers);
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
