#include "vitvmc/estimator/local_energy.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

/// Connected configurations waiting for one batched model call, with where each one contributes.
class ConnectedBuffer {
 public:
  ConnectedBuffer(Index capacity, Index n_sites)
      : configs_(capacity, n_sites), owner_(capacity), element_(capacity) {}

  bool full() const { return size_ == configs_.rows(); }

  void push(const Spin* sigma, Index a, Index b, Index owner, Real element) {
    auto row = configs_.row(size_);
    std::copy(sigma, sigma + configs_.cols(), row.data());
    std::swap(row(a), row(b));
    owner_(size_) = owner;
    element_(size_) = element;
    ++size_;
  }

  /// Adds element * psi(sigma') / psi(sigma_owner) to energies(owner) for every buffered row.
  void flush(const WaveFunction& model, const ComplexVector& log_psi_samples,
             ComplexVector& energies) {
    if (size_ == 0) return;
    const ComplexVector logs = size_ == configs_.rows()
                                   ? model.log_psi(configs_)
                                   : model.log_psi(ConfigBatch(configs_.topRows(size_)));
    for (Index r = 0; r < size_; ++r)
      energies(owner_(r)) += element_(r) * std::exp(logs(r) - log_psi_samples(owner_(r)));
    size_ = 0;
  }

 private:
  ConfigBatch configs_;
  Eigen::Matrix<Index, Eigen::Dynamic, 1> owner_;
  RealVector element_;
  Index size_ = 0;
};

}  // namespace

ComplexVector local_energies(const HeisenbergModel& hamiltonian, const WaveFunction& model,
                             const ConfigBatch& samples, const ComplexVector& log_psi_samples,
                             Index chunk_rows, std::vector<Index>* connected_per_sample) {
  VITVMC_REQUIRE(chunk_rows >= 1, "local_energies: chunk_rows must be >= 1");
  VITVMC_REQUIRE(samples.cols() == hamiltonian.n_sites(), "local_energies: width != n_sites");
  VITVMC_REQUIRE(log_psi_samples.size() == samples.rows(), "local_energies: log psi size");
  const Index n_samples = samples.rows();
  std::vector<Index> counts(static_cast<std::size_t>(n_samples), 0);
  Index total = 0;
  ComplexVector energies(n_samples);
  for (Index s = 0; s < n_samples; ++s) {
    const Spin* sigma = samples.row(s).data();
    energies(s) = hamiltonian.diagonal(sigma);
    hamiltonian.for_each_connected(
        sigma, [&](Index, Index, Real) { ++counts[static_cast<std::size_t>(s)]; });
    total += counts[static_cast<std::size_t>(s)];
  }
  ConnectedBuffer buffer(std::max<Index>(1, std::min(chunk_rows, total)), samples.cols());
  for (Index s = 0; s < n_samples; ++s) {
    const Spin* sigma = samples.row(s).data();
    hamiltonian.for_each_connected(sigma, [&](Index a, Index b, Real element) {
      buffer.push(sigma, a, b, s, element);
      if (buffer.full()) buffer.flush(model, log_psi_samples, energies);
    });
  }
  buffer.flush(model, log_psi_samples, energies);
  if (connected_per_sample != nullptr) *connected_per_sample = std::move(counts);
  return energies;
}

}  // namespace vitvmc
