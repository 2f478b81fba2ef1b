#include "vitvmc/model/parameter_store.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace vitvmc {
namespace {

TEST(ParameterStore, SlicesAreContiguousAndViewsAlias) {
  ParameterStore store;
  EXPECT_EQ(store.add("a", {2, 3}), 0);
  EXPECT_EQ(store.add("b", {4}), 6);
  EXPECT_EQ(store.size(), 10);
  EXPECT_TRUE(store.values().isZero());
  store.matrix(store.slice("a"))(1, 2) = 5.0;
  EXPECT_EQ(store.values()[5], 5.0);  // row-major: (1, 2) -> 1 * 3 + 2
  store.vector(store.slice("b"))[3] = 7.0;
  EXPECT_EQ(store.values()[9], 7.0);
  EXPECT_THROW(store.slice("c"), std::out_of_range);
  EXPECT_THROW(store.add("a", {1}), std::logic_error);
}

}  // namespace
}  // namespace vitvmc
