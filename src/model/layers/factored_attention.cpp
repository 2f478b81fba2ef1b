// Factored attention (no queries, no keys, no softmax): alpha^mu_{I,J} = a^mu[(J - I) mod grid],
// one real per head per patch displacement (slice `prefix.alpha`, h x n), or with `full` a free
// h x n x n alpha. The maps are the same for every sample. The paper's Eq. 6.

#include "vitvmc/model/layers/attention_layer.hpp"

namespace vitvmc {
namespace {

class FactoredAttention : public AttentionLayer<FactoredAttention> {
 public:
  static constexpr bool kInputDependentMaps = false;
  static constexpr bool kTableIsWeight = true;

  explicit FactoredAttention(const AttentionArgs& args) : AttentionLayer(args) {
    add_values_and_output(args);
  }

  template <class S>
  void compute_maps(const VectorOf<S>& theta, const MatrixOf<S>& /*u*/,
                    AttentionCacheOf<S>& cache) const {
    expand_table(theta, cache.alpha);
  }

  void backward_maps(const RealVector& /*theta*/, const RealMatrix& /*u*/,
                     const AttentionCache& /*cache*/, RealMatrix& g_alpha, RealMatrix& /*g_u*/,
                     JacobianWriter& out, ReverseScratch& /*scratch*/) const {
    write_table_gradient(g_alpha, out);
  }

  /// The skeleton's, and one map set for every sample.
  static AttentionCost cost_of(Index n, Index d, Index heads) {
    AttentionCost c = skeleton_cost(n, d);
    c.cache_shared = static_cast<double>(heads * n * n);
    return c;
  }
};

}  // namespace

std::unique_ptr<Attention> make_factored_attention(const AttentionArgs& args) {
  return std::make_unique<FactoredAttention>(args);
}

}  // namespace vitvmc
