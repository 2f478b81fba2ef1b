#include "vitvmc/model/layers/attention_layer.hpp"

#include <vector>

#include "vitvmc/model/layers/init.hpp"

namespace vitvmc {

AttentionLayerBase::AttentionLayerBase(const AttentionArgs& a)
    : heads_(a.heads), table_(a.patches, a.heads, a.full), params_begin_(a.store.size()) {
  const Index n = a.patches.n_patches();
  std::vector<Index> shape =
      a.full ? std::vector<Index>{a.heads, n, n} : std::vector<Index>{a.heads, n};
  table_offset_ = add_xavier_uniform(a.store, a.prefix + ".alpha", shape, a.heads, n, a.seed);
}

void AttentionLayerBase::add_values_and_output(const AttentionArgs& a) {
  values_ = Dense(a.store, a.prefix + ".V", a.d, a.d, a.seed);
  output_ = Dense(a.store, a.prefix + ".W", a.d, a.d, a.seed);
  params_end_ = a.store.size();
}

void AttentionLayerBase::write_table_gradient(const RealMatrix& g_alpha,
                                              JacobianWriter& out) const {
  const Index n = tokens();
  const Index batch = out.batch();
  RealVector grad[2] = {RealVector(table_.size()), RealVector(table_.size())};
  for (Index s = 0; s < batch; ++s) {
    for (int part = 0; part < 2; ++part) {
      grad[part].setZero();
      for (Index mu = 0; mu < heads_; ++mu)
        table_.accumulate(mu, g_alpha.middleRows(((part * batch + s) * heads_ + mu) * n, n),
                          grad[part].data());
    }
    out.set(s, table_offset_, grad[0].data(), grad[1].data(), table_.size());
  }
}

RealMatrix AttentionLayerBase::sample_rows(const RealMatrix& alpha, bool shared,
                                           Index batch) const {
  const Index n = tokens();
  // (rows * n) x n row-major is `rows` rows of n * n.
  const Eigen::Map<const RealMatrix> rows(alpha.data(), alpha.rows() / n, n * n);
  if (!shared) return rows;
  RealMatrix result(batch * heads_, n * n);
  for (Index s = 0; s < batch; ++s) result.middleRows(s * heads_, heads_) = rows;
  return result;
}

}  // namespace vitvmc
