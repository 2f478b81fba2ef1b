#include "vitvmc/model/layers/init.hpp"

#include <cmath>

// rng.hpp uses unsigned __int128, which -Wpedantic rejects under -Werror.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#include "vitvmc/util/rng.hpp"
#pragma GCC diagnostic pop

namespace vitvmc {

Index add_xavier_uniform(ParameterStore& store, const std::string& name, std::vector<Index> shape,
                         Index fan_in, Index fan_out, std::uint64_t seed) {
  const Index offset = store.add(name, std::move(shape));
  PhiloxStream rng(seed, store.slices().size() - 1);
  const Real limit = std::sqrt(6.0 / static_cast<Real>(fan_in + fan_out));
  auto values = store.vector(store.slices().back());
  for (Index k = 0; k < values.size(); ++k) values[k] = limit * (2.0 * rng.uniform() - 1.0);
  return offset;
}

Index add_constant(ParameterStore& store, const std::string& name, std::vector<Index> shape,
                   Real value) {
  const Index offset = store.add(name, std::move(shape));
  store.vector(store.slices().back()).setConstant(value);
  return offset;
}

}  // namespace vitvmc
