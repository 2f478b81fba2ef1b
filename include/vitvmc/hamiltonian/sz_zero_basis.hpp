#pragma once
/// \file sz_zero_basis.hpp
/// The S^z_tot = 0 sector of N spins as 64-bit masks: bit s set <=> sigma_s = +1 (spin up).
/// States are sorted ascending, so index i of a mask is its rank in the combinatorial number system
/// (colexicographic order of the set of up sites equals numeric order of the mask).
/// Ranking uses two tables (Lin's method): sorted states group by their high half, and inside a
/// group the low half runs through all values of its popcount in order, so
///   index = offset(high half) + rank of the low half among equal-popcount values.
/// Both tables have 2^(N/2) entries, small because enumerable sectors have N <= 30.

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
  /// Index of a mask of the sector (precondition: contains(mask)); O(1), two table lookups.
  Index index_of(Mask mask) const {
    return high_offset_[static_cast<std::size_t>(mask >> low_bits_)] +
           low_rank_[static_cast<std::size_t>(mask & low_mask_)];
  }

  /// Writes the n_sites spins (+1 up, -1 down) of state i to out[0..n_sites).
  void fill_config(Index i, Spin* out) const { fill_config_from_mask(state(i), n_sites_, out); }
  /// Spins of an arbitrary mask.
  static void fill_config_from_mask(Mask mask, Index n_sites, Spin* out);
  /// Mask of a configuration of n_sites spins (+-1).
  static Mask mask_of(const Spin* config, Index n_sites);

 private:
  void build_rank_tables();

  Index n_sites_;
  int low_bits_;
  Mask low_mask_;
  std::vector<Index> high_offset_;       // first index of each high half (unused if invalid)
  std::vector<std::uint32_t> low_rank_;  // rank of a low half among values of equal popcount
  std::vector<Mask> states_;
};

}  // namespace vitvmc
