#pragma once
/// \file run_log.hpp
/// RunLog: the HDF5 time series of a run, `<output.dir>/log.h5`, one row per completed step. Used
/// by ONE process (rank 0) with plain serial HDF5. Every append opens the file, extends each
/// column, writes and closes it, so between steps the file is complete on disk: h5py, h5dump or a
/// plotting script can read it while the run goes on, and a crash loses at most the step in
/// flight. (SWMR was rejected: its readers must open in SWMR mode, which h5dump cannot.)

#include <map>
#include <string>
#include <vector>

#include "vitvmc/types.hpp"

namespace vitvmc {

/// One column of the log: a 1-D float64 dataset named `name` with these two attributes.
struct RunLogColumn {
  std::string name;
  std::string units;
  std::string description;
};

/// The columns a VMC run records: energy per site and its error, variance, V-score, acceptance,
/// R-hat, tau, |delta theta|, shift, learning rate and the seconds spent in each phase.
std::vector<RunLogColumn> standard_log_columns();

class RunLog {
 public:
  /// Opens the log at `path`. resume_step < 0: a fresh log (an existing file is replaced).
  /// resume_step >= 0: the existing log is kept up to and including that step and later rows are
  /// dropped (a restart from the checkpoint of step resume_step); no file yet: a fresh log.
  /// Columns missing from an existing file are added, filled with NaN for the earlier rows.
  /// Missing parent directories are created. An unreadable existing log throws H5Error.
  static RunLog open(const std::string& path, const std::vector<RunLogColumn>& columns,
                     Index resume_step = -1);

  /// Appends one row: the int64 `step` (strictly increasing) and `values` by column name;
  /// columns without a value get NaN. An unknown name throws std::invalid_argument.
  void append(Index step, const std::map<std::string, double>& values);

  /// Rows in the log.
  Index rows() const { return rows_; }
  /// Step of the last row, -1 when empty.
  Index last_step() const { return last_step_; }
  const std::string& path() const { return path_; }
  /// Column names in file order (without "step").
  const std::vector<std::string>& columns() const { return columns_; }

 private:
  RunLog(std::string path, std::vector<std::string> columns, Index rows, Index last_step)
      : path_(std::move(path)), columns_(std::move(columns)), rows_(rows), last_step_(last_step) {}

  std::string path_;
  std::vector<std::string> columns_;
  Index rows_ = 0;
  Index last_step_ = -1;
};

}  // namespace vitvmc
