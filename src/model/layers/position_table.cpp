#include "vitvmc/model/layers/position_table.hpp"

namespace vitvmc {

PositionTable::PositionTable(const PatchMap& patches, Index heads, bool full)
    : heads_(heads), n_(patches.n_patches()), full_(full) {
  key_.resize(static_cast<std::size_t>(n_ * n_));
  for (Index i = 0; i < n_; ++i)
    for (Index j = 0; j < n_; ++j)
      key_[static_cast<std::size_t>(i * n_ + j)] = full ? i * n_ + j : patches.displacement(i, j);
}

template <class S>
void PositionTable::expand(const S* table, MatrixOf<S>& alpha) const {
  alpha.resize(heads_ * n_, n_);
  for (Index mu = 0; mu < heads_; ++mu)
    for (Index i = 0; i < n_; ++i)
      for (Index j = 0; j < n_; ++j) alpha(mu * n_ + i, j) = table[index(mu, i, j)];
}

template void PositionTable::expand(const double*, MatrixOf<double>&) const;
template void PositionTable::expand(const float*, MatrixOf<float>&) const;

}  // namespace vitvmc
