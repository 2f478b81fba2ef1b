#include "vitvmc/driver/sr_system.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "vitvmc/parallel/collectives.hpp"

namespace vitvmc {
namespace {

// sqrt of each sample's weight: 1/sqrt(M) for Markov samples.
RealVector sqrt_weights(const SampleBatch& batch, Index samples_total) {
  if (batch.weighted()) return batch.weights.cwiseSqrt();
  return RealVector::Constant(batch.size(), 1.0 / std::sqrt(static_cast<Real>(samples_total)));
}

// X and e from the rows `jacobian`, `e_loc` with sqrt weights `sw`, centred by <O> = mean_o.
SrSystem assemble(const RealVector& sw, const ComplexVector& e_loc, Complex mean_energy,
                  const ComplexMatrix& jacobian, const ComplexVector& mean_o) {
  const Index rows = sw.size();
  const Index p = jacobian.cols();
  SrSystem system;
  system.x.resize(2 * rows, p);
  system.e.resize(2 * rows);
  for (Index s = 0; s < rows; ++s) {
    const auto centred = (jacobian.row(s) - mean_o.transpose()) * sw(s);
    system.x.row(s) = centred.real();
    system.x.row(rows + s) = centred.imag();
    const Complex eps = (e_loc(s) - mean_energy) * sw(s);
    system.e(s) = eps.real();
    system.e(rows + s) = eps.imag();
  }
  return system;
}

// Every rank's rows of a row-major matrix (or vector), in rank order, on every rank.
template <class Matrix>
Matrix gather_rows(const Matrix& local, const Communicator& comm) {
  using T = typename Matrix::Scalar;
  const std::vector<T> all =
      allgatherv(std::span<const T>(local.data(), static_cast<std::size_t>(local.size())), comm);
  const Index cols = Matrix::ColsAtCompileTime == 1 ? 1 : local.cols();
  Matrix out(static_cast<Index>(all.size()) / std::max<Index>(cols, 1), cols);
  std::copy(all.begin(), all.end(), out.data());
  return out;
}

}  // namespace

SrSystem build_sr_system(const SampleBatch& batch, const ComplexVector& e_loc, Complex mean_energy,
                         const ComplexMatrix& jacobian, Index samples_total,
                         const Communicator& comm) {
  const RealVector sw = sqrt_weights(batch, samples_total);
  // <O_k> = sum_s w_s O_sk over all ranks.
  ComplexVector mean_o = jacobian.transpose() * sw.cwiseAbs2().cast<Complex>();
  allreduce_sum(std::span<Complex>(mean_o.data(), static_cast<std::size_t>(mean_o.size())), comm);
  return assemble(sw, e_loc, mean_energy, jacobian, mean_o);
}

SrSystem build_replicated_sr_system(const SampleBatch& batch, const ComplexVector& e_loc,
                                    Complex mean_energy, const ComplexMatrix& jacobian,
                                    Index samples_total, const Communicator& comm) {
  const RealVector sw = gather_rows(sqrt_weights(batch, samples_total), comm);
  const ComplexMatrix all_jacobian = gather_rows(jacobian, comm);
  const ComplexVector mean_o = all_jacobian.transpose() * sw.cwiseAbs2().cast<Complex>();
  return assemble(sw, gather_rows(e_loc, comm), mean_energy, all_jacobian, mean_o);
}

RealVector energy_gradient(const SrSystem& system, const Communicator& comm) {
  RealVector gradient = 2.0 * (system.x.transpose() * system.e);
  allreduce_sum(std::span<Real>(gradient.data(), static_cast<std::size_t>(gradient.size())), comm);
  return gradient;
}

}  // namespace vitvmc
