#include <gtest/gtest.h>

#include "vitvmc/optimizer/schedule.hpp"
#include "vitvmc/util/error.hpp"

namespace vitvmc {
namespace {

TEST(Schedule, EndpointsAndMidpoints) {
  Schedule s{ScheduleKind::kCosine, 0.1, 0.01, 101};
  EXPECT_DOUBLE_EQ(s.at(0), 0.1);
  EXPECT_NEAR(s.at(100), 0.001, 1e-15);
  EXPECT_NEAR(s.at(50), 0.1 * (0.01 + 0.99 * 0.5), 1e-15);
  Schedule e{ScheduleKind::kExponential, 0.1, 0.01, 101};
  EXPECT_NEAR(e.at(50), 0.01, 1e-15);  // geometric mean of 0.1 and 0.001
  EXPECT_NEAR(e.at(100), 0.001, 1e-15);
  Schedule c{ScheduleKind::kConstant, 0.1, 0.01, 101};
  EXPECT_DOUBLE_EQ(c.at(77), 0.1);
}

TEST(Schedule, ParseNamesTheOption) {
  EXPECT_EQ(parse_schedule("cosine", "--optimizer.schedule"), ScheduleKind::kCosine);
  try {
    parse_schedule("linear", "--optimizer.schedule");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.option(), "--optimizer.schedule");
  }
}

}  // namespace
}  // namespace vitvmc
