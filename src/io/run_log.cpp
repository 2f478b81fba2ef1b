#include "vitvmc/io/run_log.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include "vitvmc/io/h5_data.hpp"
#include "vitvmc/version.hpp"

namespace vitvmc {
namespace {

constexpr const char* kStep = "step";
constexpr hsize_t kChunkRows = 512;
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

/// A resizable 1-D dataset of `rows` rows whose unwritten entries read as `fill`.
template <class T>
void create_column(hid_t file, const std::string& name, hid_t file_type, T fill, hsize_t rows,
                   const std::string& units, const std::string& description) {
  const H5PropertyList dcpl(h5_check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate(create)"));
  h5_check_status(H5Pset_chunk(dcpl.id(), 1, &kChunkRows), "H5Pset_chunk");
  h5_check_status(H5Pset_fill_value(dcpl.id(), h5_native_type<T>(), &fill), "H5Pset_fill_value");
  const hsize_t unlimited = H5S_UNLIMITED;
  const H5Dataspace space(h5_check(H5Screate_simple(1, &rows, &unlimited), "H5Screate_simple"));
  const H5Dataset ds(h5_check(
      H5Dcreate2(file, name.c_str(), file_type, space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT),
      "creating log column " + name));
  h5_annotate(ds.id(), units, description);
}

void resize(hid_t file, const std::string& name, hsize_t rows) {
  const H5Dataset ds = h5_open_dataset(file, name);
  h5_check_status(H5Dset_extent(ds.id(), &rows), "resizing log column " + name);
}

template <class T>
void write_row(hid_t file, const std::string& name, hsize_t row, T value) {
  const H5Dataset ds = h5_open_dataset(file, name);
  const hsize_t rows = row + 1;
  h5_check_status(H5Dset_extent(ds.id(), &rows), "extending log column " + name);
  h5_write_rows(ds.id(), h5_native_type<T>(), &value, row, 1);
}

H5File create_log(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  H5File file = h5_create_serial(path);
  h5_write_string_attribute(file.id(), "format", "vitvmc run log");
  h5_write_attribute<std::int32_t>(file.id(), "log_schema_version", 1);
  h5_write_string_attribute(file.id(), "code_version", kVersion);
  create_column<std::int64_t>(file.id(), kStep, H5T_STD_I64LE, -1, 0, "steps",
                              "optimisation step completed by this row");
  return file;
}

/// Keeps the rows with step <= resume_step; returns their count and last step.
std::pair<hsize_t, Index> truncate_after(hid_t file, Index resume_step) {
  const H5Dataset steps_ds = h5_open_dataset(file, kStep);
  const hsize_t n = h5_dims(steps_ds.id()).at(0);
  std::vector<std::int64_t> steps(n);
  h5_read_rows(steps_ds.id(), H5T_NATIVE_INT64, steps.data(), 0, n);
  const auto keep = static_cast<hsize_t>(
      std::find_if(steps.begin(), steps.end(), [&](std::int64_t s) { return s > resume_step; }) -
      steps.begin());
  for (const std::string& name : h5_children(file)) resize(file, name, keep);
  return {keep, keep ? steps[keep - 1] : -1};
}

}  // namespace

std::vector<RunLogColumn> standard_log_columns() {
  std::vector<RunLogColumn> columns = {
      {"energy", "J1/site", "variational energy per site <H>/N (spin-1/2 S units, J1 = 1)"},
      {"energy_error", "J1/site", "standard error of the energy per site"},
      {"variance", "J1^2", "variance of the local energy E_loc (whole lattice)"},
      {"v_score", "1", "V-score N Var(E_loc) / <E_loc>^2 (Wu et al. 2024)"},
      {"acceptance", "1", "Metropolis acceptance rate"},
      {"r_hat", "1", "split-R-hat of E_loc over chains"},
      {"tau", "samples", "integrated autocorrelation time of E_loc"},
      {"effective_samples", "samples",
       "Kish effective sample size (sum w)^2 / sum w^2 (M for |psi|^2 chains; 1 / sum p^2 in "
       "exact mode)"},
      {"delta_norm", "1", "Euclidean norm of the parameter update delta theta"},
      {"shift", "1", "SR diagonal shift lambda"},
      {"learning_rate", "1", "learning rate eta"},
      {"stage", "1", "1-based --optimizer.stages stage of the step (1 without a plan)"},
  };
  for (const char* phase :
       {"sampling", "local_energy", "jacobian", "sr_matrix", "sr_solve", "communication", "io"}) {
    columns.push_back({std::string("time_") + phase, "s",
                       std::string("wall seconds of this step spent in ") + phase});
  }
  return columns;
}

RunLog RunLog::open(const std::string& path, const std::vector<RunLogColumn>& columns,
                    Index resume_step) {
  const bool resume = resume_step >= 0 && std::filesystem::exists(path);
  H5File file = resume ? h5_open_serial(path, H5Access::kReadWrite) : create_log(path);
  if (!h5_exists(file.id(), kStep)) {
    throw std::runtime_error(path + " is not a vitvmc run log (no /step dataset)");
  }
  const auto [rows, last_step] =
      resume ? truncate_after(file.id(), resume_step) : std::pair<hsize_t, Index>(0, -1);
  for (const auto& column : columns) {
    if (column.name == kStep) throw std::invalid_argument("RunLog: 'step' is a reserved column");
    if (!h5_exists(file.id(), column.name)) {
      create_column<double>(file.id(), column.name, H5T_IEEE_F64LE, kMissing, rows, column.units,
                            column.description);
    }
  }
  std::vector<std::string> names = h5_children(file.id());
  names.erase(std::remove(names.begin(), names.end(), kStep), names.end());
  file.close();
  return RunLog(path, std::move(names), static_cast<Index>(rows), last_step);
}

void RunLog::append(Index step, const std::map<std::string, double>& values) {
  if (step <= last_step_) {
    throw std::invalid_argument("RunLog: step " + std::to_string(step) + " after step " +
                                std::to_string(last_step_));
  }
  for (const auto& [name, value] : values) {
    if (std::find(columns_.begin(), columns_.end(), name) == columns_.end()) {
      throw std::invalid_argument("RunLog: no column '" + name + "' in " + path_);
    }
  }
  H5File file = h5_open_serial(path_, H5Access::kReadWrite);
  const auto row = static_cast<hsize_t>(rows_);
  for (const auto& name : columns_) {
    const auto it = values.find(name);
    write_row<double>(file.id(), name, row, it == values.end() ? kMissing : it->second);
  }
  write_row<std::int64_t>(file.id(), kStep, row, step);
  file.close();
  ++rows_;
  last_step_ = step;
}

}  // namespace vitvmc
