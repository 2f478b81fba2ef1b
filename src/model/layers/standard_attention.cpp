// Standard attention with a relative-position bias, as in T5 (the paper's Eq. 4):
// alpha^mu_{I,J} = softmax_J(q_I^mu . k_J^mu / sqrt(d_h) + a^mu[(J - I) mod grid]),
// q = Q u + q_b, k = K u + k_b (query_key_scores.hpp); the bias table `prefix.alpha` (h x n, or
// h x n x n with `full`) is a logit inside the softmax.

#include "vitvmc/model/layers/attention_layer.hpp"
#include "vitvmc/model/layers/query_key_scores.hpp"

namespace vitvmc {
namespace {

class StandardAttention : public AttentionLayer<StandardAttention> {
 public:
  static constexpr bool kInputDependentMaps = true;
  static constexpr bool kTableIsWeight = false;  // a logit inside the softmax

  explicit StandardAttention(const AttentionArgs& args) : AttentionLayer(args), scores_(args) {
    add_values_and_output(args);
  }

  template <class S>
  void compute_maps(const VectorOf<S>& theta, const MatrixOf<S>& u,
                    AttentionCacheOf<S>& cache) const {
    scores_.project(theta, u, cache);
    MatrixOf<S> bias;
    expand_table(theta, bias);
    scores_.softmax(cache, &bias, cache.alpha);
  }

  void backward_maps(const RealVector& theta, const RealMatrix& u, const AttentionCache& cache,
                     RealMatrix& g_alpha, RealMatrix& g_u, JacobianWriter& out,
                     ReverseScratch& scratch) const {
    // The bias enters the softmax argument: its adjoint is that of the scores.
    QueryKeyScores::softmax_backward(cache.alpha, g_alpha);
    write_table_gradient(g_alpha, out);
    scores_.backward(theta, u, cache, g_alpha, g_u, out, scratch);
  }

  /// The skeleton's and the queries' and keys' (whose softmax maps are the maps).
  static AttentionCost cost_of(Index n, Index d, Index heads) {
    return skeleton_cost(n, d) + QueryKeyScores::cost(n, d, heads);
  }

 private:
  QueryKeyScores scores_;
};

}  // namespace

std::unique_ptr<Attention> make_standard_attention(const AttentionArgs& args) {
  return std::make_unique<StandardAttention>(args);
}

}  // namespace vitvmc
