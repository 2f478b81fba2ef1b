#include "vitvmc/driver/attention_log.hpp"

#include "vitvmc/driver/attention_measurement.hpp"
#include "vitvmc/model/vit.hpp"

namespace vitvmc {
namespace {

std::string spread_name(Index l, Index mu) {
  return "attention_D_l" + std::to_string(l) + "_h" + std::to_string(mu);
}
std::string map_name(Index l, Index mu, Index k) {
  return "attention_map_l" + std::to_string(l) + "_h" + std::to_string(mu) + "_d" +
         std::to_string(k);
}

bool logged(const RunContext& ctx) {
  const ModelConfig& m = ctx.config.model;
  return ctx.config.output.attention_every > 0 && m.type == ModelKind::vit &&
         m.symmetrize == SymmetryLevel::none;
}

}  // namespace

std::vector<RunLogColumn> attention_log_columns(const RunContext& ctx) {
  std::vector<RunLogColumn> columns;
  if (!logged(ctx)) return columns;
  const ModelConfig& m = ctx.config.model;
  const Index n = (ctx.config.lattice.lx / m.patch) * (ctx.config.lattice.ly / m.patch);
  for (Index l = 0; l < m.layers; ++l)
    for (Index mu = 0; mu < m.heads; ++mu) {
      columns.push_back({spread_name(l, mu), "1",
                         "spread D = E ||A(sigma) - mean||_F / ||mean||_F of this layer and head"});
      for (Index k = 0; k < n; ++k)
        columns.push_back({map_name(l, mu, k), "1",
                           "mean attention map averaged over patch pairs at displacement k = "
                           "dy * gx + dx"});
    }
  return columns;
}

std::map<std::string, double> attention_log_entries(const RunContext& ctx, const WaveFunction& psi,
                                                    const SampleBatch& samples, Index step) {
  std::map<std::string, double> row;
  const auto* vit = dynamic_cast<const ViTWaveFunction*>(&psi);
  if (!logged(ctx) || vit == nullptr || step % ctx.config.output.attention_every != 0) return row;
  const AttentionMeasurement a = measure_attention(*vit, samples, ctx.lattice, ctx.comm);
  for (std::size_t l = 0; l < a.spread.size(); ++l) {
    const auto layer = static_cast<Index>(l);
    for (Index mu = 0; mu < a.heads; ++mu) {
      row[spread_name(layer, mu)] = a.spread[l](mu);
      for (Index k = 0; k < a.by_displacement[l].cols(); ++k)
        row[map_name(layer, mu, k)] = a.by_displacement[l](mu, k);
    }
  }
  return row;
}

}  // namespace vitvmc
