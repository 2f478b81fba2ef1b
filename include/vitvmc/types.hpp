#pragma once
/// \file types.hpp
/// Scalar, index and container names shared by every module.

#include <Eigen/Core>
#include <complex>
#include <cstdint>

namespace vitvmc {

using Real = double;
using Complex = std::complex<double>;
using Index = Eigen::Index;

/// Row-major dense matrix: one row per sample, so a rank's rows are contiguous in memory.
template <class T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

using RealMatrix = RowMatrix<Real>;
using ComplexMatrix = RowMatrix<Complex>;
using RealVector = Eigen::VectorXd;
/// The network's forward pass is written once over its scalar (double, or float with
/// --model.precision float32): these name its activations and its copy of theta.
template <class S>
using MatrixOf = RowMatrix<S>;
template <class S>
using VectorOf = Eigen::Matrix<S, Eigen::Dynamic, 1>;
using ComplexVector = Eigen::VectorXcd;

/// One spin: sigma = 2 S^z = +1 or -1.
using Spin = std::int8_t;
/// A batch of configurations, B x N, entries +-1, site index s = y*Lx + x.
using ConfigBatch = RowMatrix<Spin>;

}  // namespace vitvmc
