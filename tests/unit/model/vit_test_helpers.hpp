#pragma once
// Shared helpers of the ViT tests: deterministic S^z = 0 configurations, perturbed parameters, the
// attention types.

#include <cstdint>
#include <string>

#include "vitvmc/config/kinds.hpp"
#include "vitvmc/config/run_config.hpp"
#include "vitvmc/model/parameter_store.hpp"
#include "vitvmc/types.hpp"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"  // unsigned __int128 in rng.hpp
#include "vitvmc/util/rng.hpp"
#pragma GCC diagnostic pop

namespace vitvmc::test {

/// B random configurations with zero magnetisation on N sites.
inline ConfigBatch random_configs(Index batch, Index sites, std::uint64_t seed) {
  ConfigBatch configs(batch, sites);
  PhiloxStream rng(seed, 0);
  for (Index s = 0; s < batch; ++s) {
    for (Index i = 0; i < sites; ++i) configs(s, i) = i < sites / 2 ? 1 : -1;
    for (Index i = sites - 1; i > 0; --i) {
      const auto j = static_cast<Index>(rng.uniform_index(static_cast<std::uint64_t>(i + 1)));
      std::swap(configs(s, i), configs(s, j));
    }
  }
  return configs;
}

/// Adds U(-scale, scale) noise to every parameter so that no gradient is zero by symmetry
/// (initial biases are 0 and LayerNorm gains 1).
inline void perturb(ParameterStore& store, Real scale, std::uint64_t seed) {
  PhiloxStream rng(seed, 1);
  for (Index k = 0; k < store.size(); ++k) store.values()[k] += scale * (2.0 * rng.uniform() - 1.0);
}

/// The small ViT of the model tests: d = 8, 2 heads, 2 layers, 2x2 patches, f = 2d.
inline ModelConfig small_vit_config(AttentionKind attention, bool full_alpha = false) {
  ModelConfig c;
  c.attention = attention;
  c.full_alpha = full_alpha;
  c.d = 8;
  c.heads = 2;
  c.layers = 2;
  c.patch = 2;
  c.ffn = 2;
  return c;
}

/// An attention layer's query or key slice (weights or bias).
inline bool is_query_or_key(const std::string& slice_name) {
  return slice_name.find(".attn.Q") != std::string::npos ||
         slice_name.find(".attn.K") != std::string::npos;
}

/// Every registered attention type (VITVMC_ATTENTION_KINDS): the tests that loop over it cover a
/// new type by its registration alone.
inline constexpr auto every_attention() { return all_kinds<AttentionKind>(); }

}  // namespace vitvmc::test
