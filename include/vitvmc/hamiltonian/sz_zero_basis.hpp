#pragma once
/// \file sz_zero_basis.hpp
/// The S^z_tot = 0 sector of N spins as 64-bit masks: bit s set <=> sigma_s = +1 (spin up).
/// States are sorted ascending, so index i of a mask is its rank in the combinatorial number system
/// (colexicographic order of the set of up sites equals numeric order of the mask).

#include <array>
#include <cstdint>
#include <vector>

#include "vitvmc/types.hpp"

namespace vitvmc {

class SzZeroBasis {
 public:
  using Mask = std::uint64_t;

  /// Largest dimension we are willing to enumerate (8 bytes per state plus the solver's vectors):
  /// binomial(30, 15) = 155,117,520 fits, binomial(32, 16) does not.
  static constexpr Index kMaxDimension = 200'000'000;

  /// Enumerates all masks of `n_sites` bits with n_sites/2 bits set. Throws InvalidInput naming
  /// `option` unless n_sites is positive, even and the dimension is at most kMaxDimension.
  explicit SzZeroBasis(Index n_sites, const char* option = "--lattice.lx");

  /// Exact binomial(n, k) for 0 <= n <= 64 (0 when k is out of range); all such values fit 64 bits.
  static std::uint64_t binomial(int n, int k);
  /// Dimension binomial(n_sites, n_sites/2) of the sector, without enumerating it.
  static std::uint64_t sector_dimension(Index n_sites);

  Index n_sites() const { return n_sites_; }
  Index size() const { return static_cast<Index>(states_.size()); }
  /// The i-th mask in ascending order.
  Mask state(Index i) const { return states_[static_cast<std::size_t>(i)]; }
  const std::vector<Mask>& states() const { return states_; }

  /// True when `mask` has n_sites/2 bits set and none above bit n_sites - 1.
  bool contains(Mask mask) const;
  /// Index of a mask of the sector (precondition: contains(mask)); O(N/2) combinadic ranking.
  Index index_of(Mask mask) const {
    Index rank = 0;
    int j = 0;
    while (mask != 0) {
      const int pos = __builtin_ctzll(mask);
      rank +=
          static_cast<Index>(choose_[static_cast<std::size_t>(pos)][static_cast<std::size_t>(++j)]);
      mask &= mask - 1;
    }
    return rank;
  }

  /// Writes the n_sites spins (+1 up, -1 down) of state i to out[0..n_sites).
  void fill_config(Index i, Spin* out) const { fill_config_from_mask(state(i), n_sites_, out); }
  /// Spins of an arbitrary mask.
  static void fill_config_from_mask(Mask mask, Index n_sites, Spin* out);
  /// Mask of a configuration of n_sites spins (+-1).
  static Mask mask_of(const Spin* config, Index n_sites);

 private:
  Index n_sites_;
  // choose_[n][k] = binomial(n, k), k <= 32.
  std::vector<std::array<std::uint64_t, 33>> choose_;
  std::vector<Mask> states_;
};

}  // namespace vitvmc
