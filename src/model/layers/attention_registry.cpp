// The attention types: one make_<k>_attention per token of VITVMC_ATTENTION_KINDS, each in its own
// file (src/model/layers/<k>_attention.cpp). A token without its function fails to link.
#include "vitvmc/model/layers/attention_registry.hpp"

#include "vitvmc/lattice/square_lattice.hpp"

namespace vitvmc {

std::unique_ptr<Attention> make_attention(AttentionKind kind, const AttentionArgs& args) {
  switch (kind) {
#define VITVMC_MAKE_ATTENTION(k) \
  case AttentionKind::k:         \
    return make_##k##_attention(args);
    VITVMC_ATTENTION_KINDS(VITVMC_MAKE_ATTENTION)
#undef VITVMC_MAKE_ATTENTION
  }
  return nullptr;  // unreachable: every enumerator has a case
}

std::unique_ptr<Attention> attention_prototype(const ModelConfig& model, Index lx, Index ly) {
  const PatchMap patches(SquareLattice(lx, ly), model.patch);
  ParameterStore scratch;  // a layer keeps offsets into the store, not the store
  return make_attention(model.attention,
                        {scratch, "attn", patches, model.d, model.heads, model.full_alpha, 0});
}

}  // namespace vitvmc
