#include "vitvmc/driver/init_from.hpp"

#include <cstdlib>
#include <sstream>

#include "vitvmc/driver/trained_state.hpp"
#include "vitvmc/io/checkpoint_compat.hpp"
#include "vitvmc/model/parameter_transfer.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

constexpr const char* kOption = "--init.from";

class EchoFields {
 public:
  EchoFields(const std::string& echo, const std::string& path)
      : fields_(parse_config_echo(echo)), path_(path) {}

  const std::string& text(const std::string& key) const {
    const auto it = fields_.find(key);
    require_input(it != fields_.end(), kOption,
                  path_ + ": the checkpoint's configuration has no " + key);
    return it->second;
  }
  Index integer(const std::string& key) const {
    const std::string& v = text(key);
    char* end = nullptr;
    const long long n = std::strtoll(v.c_str(), &end, 10);
    require_input(end != v.c_str() && *end == '\0', kOption,
                  path_ + ": " + key + " = '" + v + "' is not an integer");
    return static_cast<Index>(n);
  }
  bool flag(const std::string& key) const { return text(key) == "true" || text(key) == "1"; }

 private:
  std::map<std::string, std::string> fields_;
  std::string path_;
};

TransferSource source_from(const CheckpointData& c, const std::string& path) {
  const EchoFields f(c.config_echo, path);
  TransferSource s;
  s.lx = f.integer("lattice.lx");
  s.ly = f.integer("lattice.ly");
  // The echo records the resolved choice: true / false (older echoes may say 1 / 0) or
  // checkerboard.
  const std::string& rule = f.text("lattice.marshall");
  s.marshall = rule == "checkerboard" ? rule : (f.flag("lattice.marshall") ? "true" : "false");
  s.model.type = f.text("model.type");
  s.model.attention = f.text("model.attention");
  s.model.full_alpha = f.flag("model.full_alpha");
  s.model.d = f.integer("model.d");
  s.model.heads = f.integer("model.heads");
  s.model.layers = f.integer("model.layers");
  s.model.patch = f.integer("model.patch");
  s.model.ffn = f.integer("model.ffn");
  s.model.symmetrize = f.text("model.symmetrize");
  s.model.alpha = std::strtod(f.text("model.alpha").c_str(), nullptr);
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
  const NewDisplacementRule rule =
      parse_new_displacement_rule(init.new_displacements, "--init.new_displacements");
  CheckpointData c;
  try {
    c = read_trained_state(init.from, 0, ctx.comm);  // parameters only, no chains
  } catch (const CheckpointError& e) {
    throw InvalidInput(kOption, e.what());
  }
  const TransferSource source = source_from(c, init.from);
  const TransferReport report = transfer_parameters(source, ctx.config.lattice, ctx.config.model,
                                                    rule, state.psi->parameters());
  InitFromRecord r;
  r.checkpoint = init.from;
  r.new_displacements = init.new_displacements;
  r.source_step = c.step;
  r.source_lx = source.lx;
  r.source_ly = source.ly;
  r.source_model =
      source.model.type + " " + source.model.attention + ", symmetrize " + source.model.symmetrize;
  r.remapped_tables = report.remapped_tables;
  r.new_displacement_entries = report.new_displacements;
  return r;
}

std::optional<InitFromRecord> init_from_of_config(const RunContext& ctx) {
  if (ctx.config.init.from.empty()) return std::nullopt;
  InitFromRecord r;
  r.checkpoint = ctx.config.init.from;
  r.new_displacements = ctx.config.init.new_displacements;
  return r;
}

}  // namespace vitvmc
