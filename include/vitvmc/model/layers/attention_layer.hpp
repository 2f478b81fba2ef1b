#pragma once
/// \file attention_layer.hpp
/// The skeleton every attention type shares, so that a type's file holds only its maps:
///   - the position table a^mu (`prefix.alpha`: h x n, one entry per patch displacement, or
///     h x n x n with `full`), Xavier-uniform with fan_in = h, fan_out = n, and its per-sample
///     gradient (write_table_gradient);
///   - values V and output W (`prefix.V`, `prefix.V_b`, `prefix.W`, `prefix.W_b`);
///   - forward: the type's maps alpha, v = V u + v_b, Attn^mu = alpha^mu v^mu, x += W Attn + w_b,
///     written once over the scalar for both forward_residual overloads;
///   - backward: through W, the head mix and V, then the type's own backward from the adjoint of
///     its maps;
///   - maps() for analysis.
///
/// A type T derives from AttentionLayer<T> and provides
///   static constexpr bool kInputDependentMaps;  // per-sample maps ((B h n) x n), or one shared
///                                               // set for every sample ((h n) x n)
///   static constexpr bool kTableIsWeight;       // Attention::table_is_weight
///   template <class S>
///   void compute_maps(const VectorOf<S>& theta, const MatrixOf<S>& u,
///                     AttentionCacheOf<S>& cache) const;
///       // cache.alpha, and whatever backward_maps needs
///   void backward_maps(const RealVector& theta, const RealMatrix& u, const AttentionCache& cache,
///                      RealMatrix& g_alpha, RealMatrix& g_u, JacobianWriter& out,
///                      ReverseScratch& scratch) const;
///       // g_alpha: adjoint of the maps, (2B h n) x n, free to overwrite. Writes the gradients of
///       // the table and the type's own parameters; g_u += the adjoint of u through the maps.
///   static AttentionCost cost_of(Index n, Index d, Index heads);
/// Its constructor adds its own slices after the table (added by the base constructor) and ends
/// with add_values_and_output(), so the slice order is alpha, [its own], V, W.

#include "vitvmc/model/layers/attention.hpp"
#include "vitvmc/model/layers/attention_registry.hpp"
#include "vitvmc/model/layers/dense.hpp"
#include "vitvmc/model/layers/position_table.hpp"

namespace vitvmc {

/// The non-template part of the skeleton.
class AttentionLayerBase : public Attention {
 public:
  Index n_params() const override { return params_end_ - params_begin_; }

 protected:
  /// Adds the position table `prefix.alpha`.
  explicit AttentionLayerBase(const AttentionArgs& args);
  /// Adds V and W: the last slices of every type.
  void add_values_and_output(const AttentionArgs& args);

  /// The skeleton's share of cost_of: the V and W projections and the head mix alpha v (its maps
  /// and their cache are the type's).
  static AttentionCost skeleton_cost(Index n, Index d) {
    const double nd = static_cast<double>(n), dd = static_cast<double>(d);
    return {.multiply_adds = 2.0 * nd * dd * dd + nd * nd * dd};
  }

  Index heads() const { return heads_; }
  Index tokens() const { return table_.tokens(); }
  Index width() const { return values_.d_in(); }  ///< d
  /// The table as h stacked n x n matrices, a^mu_{I,J} at row mu * n + I, column J.
  template <class S>
  void expand_table(const VectorOf<S>& theta, MatrixOf<S>& table) const {
    table_.expand(theta.data() + table_offset_, table);
  }
  /// Writes, per sample, d log psi / d a^mu[k] = sum over (I, J) at table entry k of
  /// g_alpha((v h + mu) n + I, J) for the virtual samples v = s (Re) and B + s (Im).
  void write_table_gradient(const RealMatrix& g_alpha, JacobianWriter& out) const;
  /// Maps in the layout of maps(), (B h) x (n n), from (B h n) x n per-sample rows, or from one
  /// shared (h n) x n set repeated for `batch` samples.
  RealMatrix sample_rows(const RealMatrix& alpha, bool shared, Index batch) const;

  Dense values_;
  Dense output_;

 private:
  Index heads_;
  PositionTable table_;
  Index table_offset_;
  Index params_begin_;
  Index params_end_ = 0;
};

template <class Derived>
class AttentionLayer : public AttentionLayerBase {
 public:
  void forward_residual(const RealVector& theta, const RealMatrix& u, RealMatrix& x,
                        AttentionCache& cache) const final {
    forward_impl(theta, u, x, cache);
  }
  void forward_residual(const VectorOf<float>& theta, const MatrixOf<float>& u, MatrixOf<float>& x,
                        AttentionCacheOf<float>& cache) const final {
    forward_impl(theta, u, x, cache);
  }

  void backward(const RealVector& theta, const RealMatrix& u, const AttentionCache& cache,
                const RealMatrix& g_out, RealMatrix& g_u, JacobianWriter& out,
                ReverseScratch& scratch) const final {
    output_.write_jacobian(cache.mixed, g_out, out);
    output_.backward_input(theta, g_out, scratch.g_mixed, false);
    attention_kernels::mix_backward(cache.alpha, kShared, cache.v, scratch.g_mixed, heads(),
                                    tokens(), scratch.g_v, &scratch.g_alpha);
    values_.write_jacobian(u, scratch.g_v, out);
    values_.backward_input(theta, scratch.g_v, g_u, false);
    self().backward_maps(theta, u, cache, scratch.g_alpha, g_u, out, scratch);
  }

  RealMatrix maps(const RealVector& theta, const RealMatrix& u) const final {
    AttentionCache cache;
    self().compute_maps(theta, u, cache);
    return sample_rows(cache.alpha, kShared, u.rows() / tokens());
  }

  bool input_dependent_maps() const final { return Derived::kInputDependentMaps; }
  bool table_is_weight() const final { return Derived::kTableIsWeight; }
  AttentionCost cost() const final { return Derived::cost_of(tokens(), width(), heads()); }

 protected:
  using AttentionLayerBase::AttentionLayerBase;

 private:
  /// Input-independent maps are one set for every sample.
  static constexpr bool kShared = !Derived::kInputDependentMaps;

  const Derived& self() const { return static_cast<const Derived&>(*this); }

  template <class S>
  void forward_impl(const VectorOf<S>& theta, const MatrixOf<S>& u, MatrixOf<S>& x,
                    AttentionCacheOf<S>& cache) const {
    self().compute_maps(theta, u, cache);
    values_.forward(theta, u, cache.v);
    attention_kernels::mix(cache.alpha, kShared, cache.v, heads(), tokens(), cache.mixed,
                           cache.gathered, cache.product);
    output_.forward_accumulate(theta, cache.mixed, x);
  }
};

}  // namespace vitvmc
