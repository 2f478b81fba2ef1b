#include "vitvmc/hamiltonian/sz_zero_hamiltonian.hpp"

#include <algorithm>
#include <thread>
#include <vector>

#include "vitvmc/util/error.hpp"

namespace vitvmc {

template <class RowsFn>
void SzZeroHamiltonian::for_row_ranges(RowsFn&& rows) const {
  const Index dim = dimension();
  // Threads start per call; below ~64K rows per thread their start-up (and, on a loaded machine,
  // scheduling delay) costs more than the rows (about 0.5 us each).
  constexpr Index kMinRowsPerThread = 65536;
  const Index n_threads = std::min<Index>(threads_, std::max<Index>(1, dim / kMinRowsPerThread));
  if (n_threads == 1) {
    rows(Index{0}, dim);
    return;
  }
  std::vector<std::jthread> workers;
  workers.reserve(static_cast<std::size_t>(n_threads));
  for (Index t = 0; t < n_threads; ++t) {
    workers.emplace_back(rows, dim * t / n_threads, dim * (t + 1) / n_threads);
  }
  // jthread joins on destruction.
}

SzZeroHamiltonian::SzZeroHamiltonian(const HeisenbergModel& hamiltonian, const SzZeroBasis& basis,
                                     int threads)
    : hamiltonian_(hamiltonian), basis_(basis), threads_(threads) {
  VITVMC_REQUIRE(hamiltonian.n_sites() == basis.n_sites(), "Hamiltonian and basis sizes differ");
  require_input(threads >= 1, "--threads", "must be at least 1");
  diagonal_.resize(basis.size());
  for_row_ranges([this](Index begin, Index end) {
    std::vector<Spin> config(static_cast<std::size_t>(basis_.n_sites()));
    for (Index i = begin; i < end; ++i) {
      basis_.fill_config(i, config.data());
      diagonal_[i] = hamiltonian_.diagonal(config.data());
    }
  });
}

void SzZeroHamiltonian::apply_rows(Index begin, Index end, const Real* x, Real* y) const {
  const Index n = basis_.n_sites();
  std::vector<Spin> config(static_cast<std::size_t>(n));
  for (Index i = begin; i < end; ++i) {
    const SzZeroBasis::Mask mask = basis_.state(i);
    SzZeroBasis::fill_config_from_mask(mask, n, config.data());
    Real sum = diagonal_[i] * x[i];
    hamiltonian_.for_each_connected(config.data(), [&](Index a, Index b, Real element) {
      const SzZeroBasis::Mask flipped =
          mask ^ ((SzZeroBasis::Mask{1} << a) | (SzZeroBasis::Mask{1} << b));
      sum += element * x[basis_.index_of(flipped)];
    });
    y[i] = sum;
  }
}

void SzZeroHamiltonian::apply(const Real* x, Real* y) const {
  for_row_ranges([this, x, y](Index begin, Index end) { apply_rows(begin, end, x, y); });
}

}  // namespace vitvmc
