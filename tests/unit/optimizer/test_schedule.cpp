#include <gtest/gtest.h>

#include "vitvmc/optimizer/schedule.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

TEST(Schedule, EndpointsAndMidpoints) {
  Schedule s{ScheduleKind::cosine, 0.1, 0.01, 101};
  EXPECT_DOUBLE_EQ(s.at(0), 0.1);
  EXPECT_NEAR(s.at(100), 0.001, 1e-15);
  EXPECT_NEAR(s.at(50), 0.1 * (0.01 + 0.99 * 0.5), 1e-15);
  Schedule e{ScheduleKind::exponential, 0.1, 0.01, 101};
  EXPECT_NEAR(e.at(50), 0.01, 1e-15);  // geometric mean of 0.1 and 0.001
  EXPECT_NEAR(e.at(100), 0.001, 1e-15);
  Schedule c{ScheduleKind::constant, 0.1, 0.01, 101};
  EXPECT_DOUBLE_EQ(c.at(77), 0.1);
}

}  // namespace
}  // namespace vitvmc
