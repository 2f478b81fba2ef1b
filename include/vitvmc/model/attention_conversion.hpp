#pragma once
/// \file attention_conversion.hpp
/// Replacing a ViT's attention maps by fixed, input-independent ones (issue 12):
///   freeze   a standard-attention model -> factored attention with a full (h x n x n) alpha set
///            to the mean maps Abar (estimator/attention_statistics.hpp): the same network with
///            A(sigma) replaced by Abar;
///   convert  -> factored attention with the translation-invariant (h x n) table set to the mean
///            maps averaged by patch displacement, the form factored attention learns.
/// Every other slice (embedding, V, W, layer norms, FFN, output head) is copied by name; the
/// source's Q and K are dropped. Pure model code: no MPI, no files.

#include <string>
#include <vector>

#include "vitvmc/config/run_config.hpp"
#include "vitvmc/model/parameter_store.hpp"
#include "vitvmc/types.hpp"

namespace vitvmc {

/// The frozen model: `source` with factored attention and full_alpha on.
ModelConfig frozen_attention_config(const ModelConfig& source);

/// Writes `target` (a factored-attention ViT of the source's d, heads, layers, patch and ffn) from
/// the source parameters (layout + theta) and one table per layer: tables[l] is h x n * n for a
/// full alpha (row mu: Abar_mu, column I * n + J) or h x n for a displacement table (column
/// dy * gx + dx). Throws InvalidInput naming `option` when a slice is missing in the source or has
/// another shape, or when the tables do not fit the target's attention.
void set_attention_tables(const std::vector<ParameterSlice>& source_layout,
                          const RealVector& source_theta, const std::vector<RealMatrix>& tables,
                          ParameterStore& target, const std::string& option);

}  // namespace vitvmc
