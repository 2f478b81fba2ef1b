#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "vitvmc/hamiltonian/sz_zero_basis.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

TEST(SzZeroBasis, BinomialValues) {
  EXPECT_EQ(SzZeroBasis::binomial(16, 8), 12870U);
  EXPECT_EQ(SzZeroBasis::binomial(24, 12), 2704156U);
  EXPECT_EQ(SzZeroBasis::binomial(64, 32), 1832624140942590534ULL);
  EXPECT_EQ(SzZeroBasis::binomial(5, 7), 0U);
}

TEST(SzZeroBasis, FourByFourIsSortedAndRanksRoundTrip) {
  const SzZeroBasis basis(16);
  ASSERT_EQ(basis.size(), 12870);
  EXPECT_EQ(basis.state(0), 0x00FFU);
  EXPECT_EQ(basis.state(basis.size() - 1), 0xFF00U);
  std::vector<Spin> config(16);
  for (Index i = 0; i < basis.size(); ++i) {
    const auto mask = basis.state(i);
    if (i > 0) {
      ASSERT_LT(basis.state(i - 1), mask);
    }
    ASSERT_EQ(__builtin_popcountll(mask), 8);
    ASSERT_TRUE(basis.contains(mask));
    ASSERT_EQ(basis.index_of(mask), i);
    basis.fill_config(i, config.data());
    ASSERT_EQ(std::accumulate(config.begin(), config.end(), 0), 0);
    ASSERT_EQ(SzZeroBasis::mask_of(config.data(), 16), mask);
    // Bit s of the mask is spin s.
    ASSERT_EQ(config[3], ((mask >> 3) & 1U) ? 1 : -1);
  }
}

TEST(SzZeroBasis, ContainsRejectsOtherSectorsAndHighBits) {
  const SzZeroBasis basis(4);
  ASSERT_EQ(basis.size(), 6);
  EXPECT_FALSE(basis.contains(0b0111));
  EXPECT_FALSE(basis.contains(0b10001));
  EXPECT_TRUE(basis.contains(0b1010));
  // The six masks of 4 sites with two up spins, ascending.
  const std::vector<SzZeroBasis::Mask> expected{0b0011, 0b0101, 0b0110, 0b1001, 0b1010, 0b1100};
  EXPECT_EQ(basis.states(), expected);
}

TEST(SzZeroBasis, SixtyFourSitesHasAnExactDimensionButIsRejected) {
  EXPECT_THROW(SzZeroBasis(64), InvalidInput);
  EXPECT_EQ(SzZeroBasis::sector_dimension(64), 1832624140942590534ULL);
}

TEST(SzZeroBasis, RejectsOddTooSmallAndTooLarge) {
  EXPECT_THROW(SzZeroBasis(15), InvalidInput);
  EXPECT_THROW(SzZeroBasis(0), InvalidInput);
  EXPECT_THROW(SzZeroBasis(-4), InvalidInput);
  EXPECT_THROW(SzZeroBasis(32), InvalidInput);  // binomial(32,16) = 601,080,390 > limit
  try {
    SzZeroBasis basis(65, "--lx");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.option(), "--lx");
  }
}

}  // namespace
}  // namespace vitvmc
