#pragma once
/// \file attention_registry.hpp
/// Building an attention layer from its kind. Each token k of VITVMC_ATTENTION_KINDS
/// (config/kinds.hpp) has one file, src/model/layers/<k>_attention.cpp, that defines
/// make_<k>_attention; the dispatch is generated from the list (docs/extending.md). What the rest
/// of the program needs to know about a type (its cost, whether its maps depend on the input, the
/// role of its position table) are virtual methods of Attention; attention_prototype answers them
/// for callers that have a configuration but no model.

#include <cstdint>
#include <memory>
#include <string>

#include "vitvmc/config/kinds.hpp"
#include "vitvmc/config/run_config.hpp"
#include "vitvmc/lattice/patch_map.hpp"
#include "vitvmc/model/layers/attention.hpp"

namespace vitvmc {

/// What a layer is built from: its slices `prefix.*` go into `store`, in the type's order.
struct AttentionArgs {
  ParameterStore& store;
  std::string prefix;
  const PatchMap& patches;
  Index d;
  Index heads;
  bool full;  ///< an h x n x n table instead of one entry per patch displacement
  std::uint64_t seed;
};

#define VITVMC_DECLARE_MAKE_ATTENTION(k) \
  std::unique_ptr<Attention> make_##k##_attention(const AttentionArgs& args);
VITVMC_ATTENTION_KINDS(VITVMC_DECLARE_MAKE_ATTENTION)
#undef VITVMC_DECLARE_MAKE_ATTENTION

/// One layer of `kind`.
std::unique_ptr<Attention> make_attention(AttentionKind kind, const AttentionArgs& args);

/// One layer of the ViT `model` describes on an lx x ly lattice, built in a scratch store: its
/// virtual methods tell callers without a model (the memory plan, --init.from) what the type is
/// like.
std::unique_ptr<Attention> attention_prototype(const ModelConfig& model, Index lx, Index ly);

}  // namespace vitvmc
