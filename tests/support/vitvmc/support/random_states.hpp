#pragma once
/// \file random_states.hpp
/// The random inputs model tests share: S^z = 0 configurations and parameter values, drawn from a
/// counter-based stream so that every test sees the same numbers on every machine.

#include <cstdint>
#include <utility>

#include "vitvmc/model/parameter_store.hpp"
#include "vitvmc/types.hpp"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"  // unsigned __int128 in rng.hpp
#include "vitvmc/util/rng.hpp"
#pragma GCC diagnostic pop

namespace vitvmc::test {

/// `batch` configurations of `sites` spins with zero magnetisation (Fisher-Yates shuffles of a
/// balanced row).
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

/// Every parameter drawn from U(-scale, scale): large enough to make the network nonlinear.
inline void randomize(ParameterStore& store, Real scale, std::uint64_t seed) {
  PhiloxStream rng(seed, 3);
  for (Index k = 0; k < store.size(); ++k) store.values()[k] = scale * (2.0 * rng.uniform() - 1.0);
}

/// Adds U(-scale, scale) noise to every parameter so that no gradient is zero by symmetry
/// (initial biases are 0 and LayerNorm gains 1).
inline void perturb(ParameterStore& store, Real scale, std::uint64_t seed) {
  PhiloxStream rng(seed, 1);
  for (Index k = 0; k < store.size(); ++k) store.values()[k] += scale * (2.0 * rng.uniform() - 1.0);
}

}  // namespace vitvmc::test
