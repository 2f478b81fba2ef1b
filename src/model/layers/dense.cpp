#include "vitvmc/model/layers/dense.hpp"

#include "row_gemm.hpp"
#include "vitvmc/model/layers/init.hpp"

namespace vitvmc {

Dense::Dense(ParameterStore& store, const std::string& name, Index d_in, Index d_out,
             std::uint64_t seed)
    : d_in_(d_in), d_out_(d_out) {
  w_offset_ = add_xavier_uniform(store, name, {d_out, d_in}, d_in, d_out, seed);
  b_offset_ = add_constant(store, name + "_b", {d_out}, 0.0);
}

template <class S>
void Dense::forward(const VectorOf<S>& theta, const MatrixOf<S>& x, MatrixOf<S>& y) const {
  // Eigen's `y = x W^T` zero-fills y and then calls dgemm with beta = 1: start from the bias
  // instead, which saves a full pass over y.
  y.resize(x.rows(), d_out_);
  y.rowwise() = bias(theta);
  y.noalias() += x * weight(theta).transpose();
}

template <class S>
void Dense::forward_without_bias(const VectorOf<S>& theta, const MatrixOf<S>& x,
                                 MatrixOf<S>& y) const {
  y.resize(x.rows(), d_out_);
  row_gemm::times_transposed(x.data(), x.rows(), d_in_, theta.data() + w_offset_, d_out_, S(0),
                             y.data());
}

template <class S>
void Dense::forward_accumulate(const VectorOf<S>& theta, const MatrixOf<S>& x,
                               MatrixOf<S>& y) const {
  y.rowwise() += bias(theta);
  y.noalias() += x * weight(theta).transpose();
}

template void Dense::forward(const VectorOf<double>&, const MatrixOf<double>&,
                             MatrixOf<double>&) const;
template void Dense::forward(const VectorOf<float>&, const MatrixOf<float>&,
                             MatrixOf<float>&) const;
template void Dense::forward_without_bias(const VectorOf<double>&, const MatrixOf<double>&,
                                          MatrixOf<double>&) const;
template void Dense::forward_without_bias(const VectorOf<float>&, const MatrixOf<float>&,
                                          MatrixOf<float>&) const;
template void Dense::forward_accumulate(const VectorOf<double>&, const MatrixOf<double>&,
                                        MatrixOf<double>&) const;
template void Dense::forward_accumulate(const VectorOf<float>&, const MatrixOf<float>&,
                                        MatrixOf<float>&) const;

void Dense::backward_input(const RealVector& theta, const RealMatrix& g_y, RealMatrix& g_x,
                           bool accumulate) const {
  if (!accumulate) g_x.resize(g_y.rows(), d_in_);
  row_gemm::times(g_y.data(), g_y.rows(), d_out_, theta.data() + w_offset_, d_in_,
                  accumulate ? 1.0 : 0.0, g_x.data());
}

void Dense::write_jacobian(const RealMatrix& x, const RealMatrix& g_y, JacobianWriter& out) const {
  const Index batch = out.batch();
  const Index rows = x.rows() / batch;
  const Index w_size = d_out_ * d_in_;
  Real* buffer = out.scratch(2 * (w_size + d_out_));
  Eigen::Map<RealMatrix> w_re(buffer, d_out_, d_in_);
  Eigen::Map<RealMatrix> w_im(buffer + w_size, d_out_, d_in_);
  Eigen::Map<Eigen::RowVectorXd> b_re(buffer + 2 * w_size, d_out_);
  Eigen::Map<Eigen::RowVectorXd> b_im(buffer + 2 * w_size + d_out_, d_out_);
  for (Index s = 0; s < batch; ++s) {
    const Real* xs = x.data() + s * rows * d_in_;
    const Real* g_re = g_y.data() + s * rows * d_out_;
    const Real* g_im = g_y.data() + (batch + s) * rows * d_out_;
    // beta = 0 through BLAS: no zero fill of the per-sample products first.
    row_gemm::transposed_times(g_re, rows, d_out_, xs, d_in_, 0.0, w_re.data());
    row_gemm::transposed_times(g_im, rows, d_out_, xs, d_in_, 0.0, w_im.data());
    b_re = g_y.middleRows(s * rows, rows).colwise().sum();
    b_im = g_y.middleRows((batch + s) * rows, rows).colwise().sum();
    out.set(s, w_offset_, w_re.data(), w_im.data(), w_size);
    out.set(s, b_offset_, b_re.data(), b_im.data(), d_out_);
  }
}

}  // namespace vitvmc
