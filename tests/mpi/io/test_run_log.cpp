// RunLog: append, reopen with truncation, NaN for missing values, attributes. Rank 0 only, as in a
// run.
#include <gtest/gtest.h>

#include <cmath>

#include "io_test_support.hpp"
#include "vitvmc/io/h5_data.hpp"
#include "vitvmc/io/run_log.hpp"

namespace vitvmc::io_test {
namespace {

const std::vector<RunLogColumn> kColumns = {{"energy", "J1/site", "E/N"},
                                            {"acceptance", "1", "acceptance rate"}};

template <class T>
std::vector<T> column(const std::string& path, const std::string& name) {
  const H5File file = h5_open_serial(path, H5Access::kReadOnly);
  const H5Dataset ds = h5_open_dataset(file.id(), name);
  std::vector<T> values(h5_dims(ds.id()).at(0));
  h5_read_rows(ds.id(), h5_native_type<T>(), values.data(), 0, values.size());
  return values;
}

TEST(RunLog, AppendReopenTruncate) {
  ScratchDir dir("runlog");
  if (world().rank() != 0) return;  // the log is rank 0's
  const std::string path = dir.file("log.h5");
  {
    RunLog log = RunLog::open(path, kColumns);
    for (Index step = 1; step <= 5; ++step) {
      log.append(step, {{"energy", -0.5 - 0.001 * step}, {"acceptance", 0.1 * step}});
    }
    EXPECT_EQ(log.rows(), 5);
    EXPECT_THROW(log.append(5, {}), std::invalid_argument);                  // not increasing
    EXPECT_THROW(log.append(6, {{"energie", 1.0}}), std::invalid_argument);  // unknown column
    EXPECT_EQ(log.rows(), 5);
  }
  EXPECT_EQ(column<std::int64_t>(path, "step"), (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(column<double>(path, "energy")[4], -0.5 - 0.001 * 5);

  // Restart from the checkpoint of step 3 with one more column: steps 4, 5 are dropped.
  std::vector<RunLogColumn> more = kColumns;
  more.push_back({"shift", "1", "diagonal shift"});
  RunLog log = RunLog::open(path, more, 3);
  EXPECT_EQ(log.rows(), 3);
  EXPECT_EQ(log.last_step(), 3);
  EXPECT_EQ(log.columns(), (std::vector<std::string>{"acceptance", "energy", "shift"}));
  log.append(4, {{"energy", -0.75}, {"shift", 1e-4}});  // no acceptance: NaN
  EXPECT_EQ(column<std::int64_t>(path, "step"), (std::vector<std::int64_t>{1, 2, 3, 4}));
  const auto energy = column<double>(path, "energy");
  EXPECT_EQ(energy,
            (std::vector<double>{-0.5 - 0.001 * 1, -0.5 - 0.001 * 2, -0.5 - 0.001 * 3, -0.75}));
  const auto acceptance = column<double>(path, "acceptance");
  ASSERT_EQ(acceptance.size(), 4u);
  EXPECT_EQ(acceptance[2], 0.1 * 3);
  EXPECT_TRUE(std::isnan(acceptance[3]));
  const auto shift = column<double>(path, "shift");
  ASSERT_EQ(shift.size(), 4u);
  EXPECT_TRUE(std::isnan(shift[0]) && std::isnan(shift[2]));
  EXPECT_EQ(shift[3], 1e-4);

  const H5File file = h5_open_serial(path, H5Access::kReadOnly);
  const H5Dataset ds = h5_open_dataset(file.id(), "energy");
  EXPECT_EQ(h5_read_string_attribute(ds.id(), "units"), "J1/site");
  EXPECT_EQ(h5_read_string_attribute(ds.id(), "description"), "E/N");
  EXPECT_EQ(h5_read_string_attribute(file.id(), "format"), "vitvmc run log");
}

TEST(RunLog, FreshOpenReplacesAndResumeCreates) {
  ScratchDir dir("runlog_fresh");
  if (world().rank() != 0) return;
  const std::string path = dir.file("new/sub/log.h5");           // parents are created
  RunLog::open(path, kColumns, 7).append(8, {{"energy", 1.0}});  // resume without a file: new log
  EXPECT_EQ(column<std::int64_t>(path, "step"), (std::vector<std::int64_t>{8}));
  EXPECT_EQ(RunLog::open(path, kColumns, 7).rows(), 0);   // all rows after step 7 dropped
  EXPECT_EQ(RunLog::open(path, kColumns, -1).rows(), 0);  // fresh
  EXPECT_TRUE(column<double>(path, "energy").empty());
  EXPECT_THROW(RunLog::open(path, {{"step", "", ""}}), std::invalid_argument);
}

TEST(RunLog, StandardColumnsCarryUnits) {
  const auto columns = standard_log_columns();
  ASSERT_EQ(columns.size(), 19u);  // 11 estimates, the stage, 7 phase timers
  for (const auto& c : columns) {
    EXPECT_FALSE(c.units.empty()) << c.name;
    EXPECT_FALSE(c.description.empty()) << c.name;
  }
  EXPECT_EQ(columns[0].name, "energy");
  EXPECT_EQ(columns[7].name, "effective_samples");
  EXPECT_EQ(columns[11].name, "stage");
  EXPECT_EQ(columns.back().name, "time_io");
}

}  // namespace
}  // namespace vitvmc::io_test
