// Decoupled attention (the paper's Eq. 5): the relative-position term is added outside the softmax,
// alpha^mu_{I,J} = softmax_J(q_I^mu . k_J^mu / sqrt(d_h)) + a^mu[(J - I) mod grid],
// q = Q u + q_b, k = K u + k_b (query_key_scores.hpp). The same slices, in the same order, as
// standard attention: `prefix.alpha` (h x n, or h x n x n with `full`), Q, K, V, W. With Q = K = 0
// and zero biases the softmax is uniform, 1/n, and the layer is factored attention with every
// alpha shifted by 1/n.

#include "vitvmc/model/layers/attention_layer.hpp"
#include "vitvmc/model/layers/query_key_scores.hpp"

namespace vitvmc {
namespace {

class DecoupledAttention : public AttentionLayer<DecoupledAttention> {
 public:
  static constexpr bool kInputDependentMaps = true;
  static constexpr bool kTableIsWeight = true;  // added to the weights, outside the softmax
  static constexpr const char* kTerms[] = {"softmax", "position"};

  explicit DecoupledAttention(const AttentionArgs& args) : AttentionLayer(args), scores_(args) {
    add_values_and_output(args);
  }

  /// cache.term keeps the softmax term (its backward needs it), cache.alpha the sum.
  template <class S>
  void compute_maps(const VectorOf<S>& theta, const MatrixOf<S>& u,
                    AttentionCacheOf<S>& cache) const {
    scores_.project(theta, u, cache);
    scores_.softmax(cache, static_cast<const MatrixOf<S>*>(nullptr), cache.term);
    MatrixOf<S> table;
    expand_table(theta, table);
    const Index rows = table.rows();  // h n: one sample's maps
    cache.alpha.resize(cache.term.rows(), cache.term.cols());
    for (Index first = 0; first < cache.alpha.rows(); first += rows)
      cache.alpha.middleRows(first, rows) = cache.term.middleRows(first, rows) + table;
  }

  void backward_maps(const RealVector& theta, const RealMatrix& u, const AttentionCache& cache,
                     RealMatrix& g_alpha, RealMatrix& g_u, JacobianWriter& out,
                     ReverseScratch& scratch) const {
    // The table is added to the maps: its adjoint is theirs; the softmax's comes after it.
    write_table_gradient(g_alpha, out);
    QueryKeyScores::softmax_backward(cache.term, g_alpha);
    scores_.backward(theta, u, cache, g_alpha, g_u, out, scratch);
  }

  std::vector<AttentionMapTerm> map_terms(const RealVector& theta,
                                          const RealMatrix& u) const override {
    AttentionCache cache;
    compute_maps(theta, u, cache);
    RealMatrix table;
    expand_table(theta, table);
    const Index batch = u.rows() / tokens();
    return {{kTerms[0], sample_rows(cache.term, false, batch)},
            {kTerms[1], sample_rows(table, true, batch)}};
  }
  std::vector<std::string> map_term_names() const override { return {kTerms[0], kTerms[1]}; }

  /// The skeleton's and the queries' and keys', and the maps of every sample besides their
  /// softmax term.
  static AttentionCost cost_of(Index n, Index d, Index heads) {
    AttentionCost c = skeleton_cost(n, d) + QueryKeyScores::cost(n, d, heads);
    c.cache_per_sample += static_cast<double>(heads * n * n);
    return c;
  }

 private:
  QueryKeyScores scores_;
};

}  // namespace

std::unique_ptr<Attention> make_decoupled_attention(const AttentionArgs& args) {
  return std::make_unique<DecoupledAttention>(args);
}

}  // namespace vitvmc
