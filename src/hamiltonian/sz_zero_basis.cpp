#include "vitvmc/hamiltonian/sz_zero_basis.hpp"

#include <array>
#include <string>

#include "vitvmc/util/error.hpp"

namespace vitvmc {

std::uint64_t SzZeroBasis::binomial(int n, int k) {
  if (k < 0 || k > n || n > 64) return 0;
  // Pascal's rule on one row: exact, and every entry up to binomial(64, 32) fits in 64 bits.
  std::array<std::uint64_t, 65> row{};
  row[0] = 1;
  for (int m = 1; m <= n; ++m) {
    for (int j = m; j > 0; --j)
      row[static_cast<std::size_t>(j)] += row[static_cast<std::size_t>(j - 1)];
  }
  return row[static_cast<std::size_t>(k)];
}

std::uint64_t SzZeroBasis::sector_dimension(Index n_sites) {
  return binomial(static_cast<int>(n_sites), static_cast<int>(n_sites / 2));
}

SzZeroBasis::SzZeroBasis(Index n_sites, const char* option) : n_sites_(n_sites) {
  require_input(n_sites > 0 && n_sites % 2 == 0, option,
                "the S^z = 0 sector needs an even, positive number of sites (got " +
                    std::to_string(n_sites) + ")");
  require_input(n_sites <= 64, option,
                "at most 64 sites fit a 64-bit basis mask (got " + std::to_string(n_sites) + ")");
  const std::uint64_t dim = sector_dimension(n_sites);
  require_input(dim <= static_cast<std::uint64_t>(kMaxDimension), option,
                std::to_string(n_sites) + " sites give an S^z = 0 dimension of " +
                    std::to_string(dim) + ", above the limit of " + std::to_string(kMaxDimension) +
                    " states (at most 30 sites)");

  build_rank_tables();

  // Gosper's hack visits every mask with the same popcount in ascending order.
  states_.reserve(static_cast<std::size_t>(dim));
  const int half = static_cast<int>(n_sites / 2);
  Mask v = (Mask{1} << half) - 1;
  for (std::uint64_t i = 0; i < dim; ++i) {
    states_.push_back(v);
    const Mask t = v | (v - 1);  // never all ones: N <= 30 here
    v = (t + 1) | (((~t & -~t) - 1) >> (__builtin_ctzll(v) + 1));
  }
  VITVMC_REQUIRE(states_.size() == dim, "Gosper enumeration produced the wrong count");
}

void SzZeroBasis::build_rank_tables() {
  const int n = static_cast<int>(n_sites_);
  const int half = n / 2;
  low_bits_ = half;
  low_mask_ = (Mask{1} << low_bits_) - 1;
  // choose[m][j] = binomial(m, j) for m, j <= 32 (the tables only exist for N <= 30).
  std::array<std::array<std::uint64_t, 34>, 33> choose{};
  for (int m = 0; m <= 32; ++m) {
    for (int j = 0; j <= m; ++j) choose[m][j] = binomial(m, j);
  }
  // Combinadic rank of every low half: sum over its set bits c_1 < c_2 < ... of binomial(c_j, j).
  low_rank_.assign(std::size_t{1} << low_bits_, 0);
  for (Mask lo = 0; lo <= low_mask_; ++lo) {
    std::uint64_t rank = 0;
    int j = 0;
    for (Mask m = lo; m != 0; m &= m - 1) rank += choose[__builtin_ctzll(m)][++j];
    low_rank_[static_cast<std::size_t>(lo)] = static_cast<std::uint32_t>(rank);
  }
  // Offsets: count the states of every smaller valid high half.
  const int high_bits = n - low_bits_;
  high_offset_.assign(std::size_t{1} << high_bits, 0);
  Index offset = 0;
  for (Mask hi = 0; hi < (Mask{1} << high_bits); ++hi) {
    high_offset_[static_cast<std::size_t>(hi)] = offset;
    const int up_low = half - __builtin_popcountll(hi);
    if (up_low >= 0 && up_low <= low_bits_) offset += static_cast<Index>(choose[low_bits_][up_low]);
  }
}

bool SzZeroBasis::contains(Mask mask) const {
  if (n_sites_ < 64 && (mask >> n_sites_) != 0) return false;
  return __builtin_popcountll(mask) == n_sites_ / 2;
}

void SzZeroBasis::fill_config_from_mask(Mask mask, Index n_sites, Spin* out) {
  for (Index s = 0; s < n_sites; ++s) out[s] = ((mask >> s) & 1U) ? Spin{1} : Spin{-1};
}

SzZeroBasis::Mask SzZeroBasis::mask_of(const Spin* config, Index n_sites) {
  Mask mask = 0;
  for (Index s = 0; s < n_sites; ++s) {
    if (config[s] > 0) mask |= Mask{1} << s;
  }
  return mask;
}

}  // namespace vitvmc
