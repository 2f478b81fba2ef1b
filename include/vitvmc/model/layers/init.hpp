#pragma once
/// \file init.hpp
/// Deterministic parameter initialisation. Each slice draws from its own Philox stream keyed by
/// (seed, slice number), so adding a slice never changes the values of the others.

#include <cstdint>
#include <string>
#include <vector>

#include "vitvmc/model/parameter_store.hpp"

namespace vitvmc {

/// Adds slice `name` and fills it Xavier-uniform: U(-l, l), l = sqrt(6 / (fan_in + fan_out)).
Index add_xavier_uniform(ParameterStore& store, const std::string& name, std::vector<Index> shape,
                         Index fan_in, Index fan_out, std::uint64_t seed);

/// Adds slice `name` filled with `value`.
Index add_constant(ParameterStore& store, const std::string& name, std::vector<Index> shape,
                   Real value);

}  // namespace vitvmc
