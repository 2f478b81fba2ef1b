#pragma once
/// \file init_attention_maps.hpp
/// --init.attention_maps FILE (with --init.from CKPT): a factored-attention run whose attention
/// starts from the mean maps a `vmc_measure --output FILE` measured on CKPT's model (typically a
/// standard-attention run), and every other parameter from CKPT (model/attention_conversion.hpp):
///   translation-invariant table (default): the maps averaged by patch displacement
///                                          (/attention/layer<l>/by_displacement), "convert";
///   --model.full_alpha true:               the maps themselves (/attention/layer<l>/mean),
///                                          the "frozen" model.

#include "vitvmc/driver/init_from.hpp"
#include "vitvmc/driver/run_context.hpp"

namespace vitvmc {

/// Collective (every rank reads both files). Throws InvalidInput naming --init.attention_maps or
/// --init.from.
InitFromRecord apply_init_attention_maps(VmcState& state, const RunContext& ctx);

}  // namespace vitvmc
