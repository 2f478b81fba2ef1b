#include "vitvmc/sampler/chain_set.hpp"

#include <algorithm>
#include <numeric>
#include <string>
#include <utility>

#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

/// Uniformly random S^z = 0 configuration: Fisher-Yates shuffle of N/2 up and N/2 down spins.
void random_sz_zero(Spin* row, Index n, PhiloxStream& stream) {
  for (Index s = 0; s < n; ++s) row[s] = s < n / 2 ? Spin{1} : Spin{-1};
  for (Index s = n - 1; s > 0; --s) {
    const auto j = static_cast<Index>(stream.uniform_index(static_cast<std::uint64_t>(s + 1)));
    std::swap(row[s], row[j]);
  }
}

}  // namespace

bool in_sz_zero_sector(const Spin* row, Index n) {
  Index sum = 0;
  for (Index s = 0; s < n; ++s) {
    if (row[s] != 1 && row[s] != -1) return false;
    sum += row[s];
  }
  return sum == 0;
}

ChainSet::ChainSet(Index n_sites, Index first, Index count, std::uint64_t seed)
    : first_(first),
      seed_(seed),
      configs_(count, n_sites),
      log_psi_(ComplexVector::Zero(count)),
      proposed_(static_cast<std::size_t>(count), 0),
      accepted_(static_cast<std::size_t>(count), 0) {
  require_input(n_sites > 0 && n_sites % 2 == 0, "--lattice.lx",
                "the S^z = 0 sector needs an even, positive number of sites");
  VITVMC_REQUIRE(first >= 0 && count >= 0, "chain block must be non-negative");
  streams_.reserve(static_cast<std::size_t>(count));
  for (Index c = 0; c < count; ++c) {
    streams_.emplace_back(seed, static_cast<std::uint64_t>(first + c));
    random_sz_zero(configs_.row(c).data(), n_sites, streams_.back());
  }
}

std::vector<std::uint64_t> ChainSet::rng_counters() const {
  std::vector<std::uint64_t> counters;
  counters.reserve(streams_.size());
  for (const PhiloxStream& s : streams_) counters.push_back(s.counter());
  return counters;
}

void ChainSet::restore(const ConfigBatch& configs, const ComplexVector& log_psi,
                       const std::vector<std::uint64_t>& counters) {
  const std::string what = "chain state for chains [" + std::to_string(first_) + ", " +
                           std::to_string(first_ + count()) + ")";
  require_input(configs.rows() == count() && configs.cols() == n_sites(), "checkpoint",
                what + ": configurations have the wrong shape");
  require_input(log_psi.size() == count() && counters.size() == streams_.size(), "checkpoint",
                what + ": log psi or RNG counters have the wrong length");
  for (Index c = 0; c < count(); ++c) {
    require_input(in_sz_zero_sector(configs.row(c).data(), n_sites()), "checkpoint",
                  what + ": a configuration is not in the S^z = 0 sector");
  }
  configs_ = configs;
  log_psi_ = log_psi;
  for (std::size_t c = 0; c < streams_.size(); ++c) {
    streams_[c] = PhiloxStream(seed_, static_cast<std::uint64_t>(first_) + c, counters[c]);
  }
  std::fill(proposed_.begin(), proposed_.end(), 0);
  std::fill(accepted_.begin(), accepted_.end(), 0);
}

std::uint64_t ChainSet::total_proposed() const {
  return std::accumulate(proposed_.begin(), proposed_.end(), std::uint64_t{0});
}

std::uint64_t ChainSet::total_accepted() const {
  return std::accumulate(accepted_.begin(), accepted_.end(), std::uint64_t{0});
}

}  // namespace vitvmc
