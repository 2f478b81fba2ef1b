#pragma once
// Shared helpers of the ViT tests: the small ViT, the attention types (random inputs:
// support/random_states.hpp).

#include <cstdint>
#include <string>

#include "vitvmc/config/kinds.hpp"
#include "vitvmc/config/run_config.hpp"
#include "vitvmc/model/parameter_store.hpp"
#include "vitvmc/support/random_states.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc::test {

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
