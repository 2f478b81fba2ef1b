#pragma once
/// \file dense.hpp
/// Affine layer on every row: y = x W^T + b, W of shape d_out x d_in (slice `name`), b (`name_b`).

#include <cstdint>
#include <string>

#include "vitvmc/model/layers/jacobian_writer.hpp"
#include "vitvmc/model/parameter_store.hpp"

namespace vitvmc {

class Dense {
 public:
  Dense() = default;
  /// Adds W (Xavier-uniform from `seed`) and b (zero) to `store`.
  Dense(ParameterStore& store, const std::string& name, Index d_in, Index d_out,
        std::uint64_t seed);

  Index d_in() const { return d_in_; }
  Index d_out() const { return d_out_; }
  Index n_params() const { return d_out_ * d_in_ + d_out_; }

  /// y = x W^T + b, in the scalar of theta (double, or its float copy; instantiated for both).
  template <class S>
  void forward(const VectorOf<S>& theta, const MatrixOf<S>& x, MatrixOf<S>& y) const;
  /// y = x W^T without the bias, for a consumer that adds bias() on its own pass over y (GELU):
  /// one GEMM with beta = 0, y written once.
  template <class S>
  void forward_without_bias(const VectorOf<S>& theta, const MatrixOf<S>& x, MatrixOf<S>& y) const;
  /// b, d_out values of theta.
  template <class S>
  const S* bias_data(const VectorOf<S>& theta) const {
    return theta.data() + b_offset_;
  }
  /// y += x W^T + b (residual connections: no temporary, the GEMM accumulates into y).
  template <class S>
  void forward_accumulate(const VectorOf<S>& theta, const MatrixOf<S>& x, MatrixOf<S>& y) const;
  /// g_x = g_y W, or g_x += g_y W when `accumulate`.
  void backward_input(const RealVector& theta, const RealMatrix& g_y, RealMatrix& g_x,
                      bool accumulate) const;
  /// Per-sample dW = sum_rows g_y^T x and db = sum_rows g_y into O; x has B * rows rows and g_y
  /// 2B * rows (virtual samples).
  void write_jacobian(const RealMatrix& x, const RealMatrix& g_y, JacobianWriter& out) const;

 private:
  template <class S>
  Eigen::Map<const MatrixOf<S>> weight(const VectorOf<S>& theta) const {
    return {theta.data() + w_offset_, d_out_, d_in_};
  }
  template <class S>
  Eigen::Map<const Eigen::Matrix<S, 1, Eigen::Dynamic>> bias(const VectorOf<S>& theta) const {
    return {theta.data() + b_offset_, d_out_};
  }

  Index d_in_ = 0;
  Index d_out_ = 0;
  Index w_offset_ = 0;
  Index b_offset_ = 0;
};

}  // namespace vitvmc
