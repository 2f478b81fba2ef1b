#include "vitvmc/model/attention_conversion.hpp"

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

const std::string kAlpha = ".attn.alpha";

/// Layer index of "layer<l>.attn.alpha", or -1 for any other slice.
Index attention_layer(const std::string& name) {
  if (name.rfind("layer", 0) != 0 || name.size() <= kAlpha.size() ||
      name.compare(name.size() - kAlpha.size(), kAlpha.size(), kAlpha) != 0)
    return -1;
  const std::string digits = name.substr(5, name.size() - 5 - kAlpha.size());
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(digits);
}

const ParameterSlice* find(const std::vector<ParameterSlice>& layout, const std::string& name) {
  for (const ParameterSlice& s : layout)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

ModelConfig frozen_attention_config(const ModelConfig& source) {
  ModelConfig frozen = source;
  frozen.attention = AttentionKind::factored;
  frozen.full_alpha = true;
  return frozen;
}

void set_attention_tables(const std::vector<ParameterSlice>& source_layout,
                          const RealVector& source_theta, const std::vector<RealMatrix>& tables,
                          ParameterStore& target, const std::string& option) {
  Index tables_used = 0;
  for (const ParameterSlice& t : target.slices()) {
    const Index layer = attention_layer(t.name);
    if (layer >= 0) {
      require_input(layer < static_cast<Index>(tables.size()), option,
                    "no attention maps for layer " + std::to_string(layer));
      const RealMatrix& table = tables[static_cast<std::size_t>(layer)];
      require_input(table.size() == t.size() && table.rows() == t.shape[0], option,
                    "the maps of layer " + std::to_string(layer) + " are " +
                        std::to_string(table.rows()) + " x " + std::to_string(table.cols()) +
                        ", the model's attention table has " + std::to_string(t.size()) +
                        " entries in " + std::to_string(t.shape[0]) + " heads");
      // Row-major h x (per head): the slice's own order (head, then I, J or displacement).
      target.vector(t) = Eigen::Map<const RealVector>(table.data(), table.size());
      ++tables_used;
      continue;
    }
    const ParameterSlice* s = find(source_layout, t.name);
    require_input(s != nullptr, option, "the source model has no parameter slice '" + t.name + "'");
    require_input(s->shape == t.shape, option,
                  "parameter slice '" + t.name + "' has another shape in the source model");
    VITVMC_REQUIRE(s->offset + s->size() <= source_theta.size(), "slice beyond theta: " + s->name);
    target.vector(t) = source_theta.segment(s->offset, s->size());
  }
  require_input(tables_used == static_cast<Index>(tables.size()), option,
                std::to_string(tables.size()) + " layers of maps for a model with " +
                    std::to_string(tables_used) + " attention layers");
}

}  // namespace vitvmc
