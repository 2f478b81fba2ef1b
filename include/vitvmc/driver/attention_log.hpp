#pragma once
/// \file attention_log.hpp
/// --output.attention_every K: every K steps, log.h5 gets the spread D of every layer and head
/// (column attention_D_l<l>_h<mu>) and the mean map averaged by patch displacement
/// (attention_map_l<l>_h<mu>_d<k>, k = dy * gx + dx), measured on the samples the step drew
/// (before its update). Other rows hold NaN there. Full n x n mean maps: vmc_measure --output.

#include <map>
#include <string>
#include <vector>

#include "vitvmc/driver/run_context.hpp"
#include "vitvmc/io/run_log.hpp"
#include "vitvmc/sampler/sample_batch.hpp"

namespace vitvmc {

/// The columns, or none when the option is off or the model is not a plain ViT.
std::vector<RunLogColumn> attention_log_columns(const RunContext& ctx);

/// The row entries of completed step `step` (collective; nothing unless `step` is a multiple of
/// K and psi is a plain ViT).
std::map<std::string, double> attention_log_entries(const RunContext& ctx, const WaveFunction& psi,
                                                    const SampleBatch& samples, Index step);

}  // namespace vitvmc
