#include "vitvmc/driver/sr_system.hpp"

#include <cmath>

#include "vitvmc/parallel/collectives.hpp"

namespace vitvmc {
namespace {

// sqrt of each sample's weight: 1/sqrt(M) for Markov samples.
RealVector sqrt_weights(const SampleBatch& batch, Index samples_total) {
  if (batch.weighted()) return batch.weights.cwiseSqrt();
  return RealVector::Constant(batch.size(), 1.0 / std::sqrt(static_cast<Real>(samples_total)));
}

}  // namespace

SrSystem build_sr_system(const SampleBatch& batch, const ComplexVector& e_loc, Complex mean_energy,
                         const ComplexMatrix& jacobian, Index samples_total,
                         const Communicator& comm) {
  const Index rows = batch.size();
  const Index p = jacobian.cols();
  const RealVector sw = sqrt_weights(batch, samples_total);
  // <O_k> = sum_s w_s O_sk over all ranks.
  ComplexVector mean_o = jacobian.transpose() * sw.cwiseAbs2().cast<Complex>();
  allreduce_sum(std::span<Complex>(mean_o.data(), static_cast<std::size_t>(p)), comm);

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

RealVector energy_gradient(const SrSystem& system, const Communicator& comm) {
  RealVector gradient = 2.0 * (system.x.transpose() * system.e);
  allreduce_sum(std::span<Real>(gradient.data(), static_cast<std::size_t>(gradient.size())), comm);
  return gradient;
}

}  // namespace vitvmc
