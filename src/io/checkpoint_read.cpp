// Reading a checkpoint: every rank reads the replicated fields and its own block of chains with
// independent I/O, then all ranks agree on success so that an error anywhere ends the read
// everywhere with the same message.
#include <filesystem>
#include <functional>

#include "collective_check.hpp"
#include "h5_format.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/h5_data.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/util/block_partition.hpp"

namespace vitvmc {
namespace {

/// This rank's {first, count} chains given the total in the file.
using ChainRange = std::function<std::pair<Index, Index>(Index)>;

/// Opens dataset `path`, refusing a missing one or one whose rank is not `ndims`.
H5Dataset required(hid_t file, const std::string& path, std::size_t ndims) {
  if (!h5_exists(file, path)) throw CheckpointError("missing dataset " + path);
  H5Dataset ds = h5_open_dataset(file, path);
  if (h5_dims(ds.id()).size() != ndims) {
    throw CheckpointError("dataset " + path + " should have " + std::to_string(ndims) +
                          " dimension(s)");
  }
  h5_require_stored(ds.id(), path);
  return ds;
}

/// Reads rows of `ds` (named `path` in messages). With the Fletcher32 filter HDF5 verifies every
/// chunk it reads: a damaged one fails the read, reported as a checksum mismatch of `path`.
void read_rows_checked(const H5Dataset& ds, const std::string& path, hid_t mem_type, void* buf,
                       hsize_t first, hsize_t count) {
  try {
    h5_read_rows(ds.id(), mem_type, buf, first, count);
  } catch (const H5Error&) {
    throw CheckpointError("dataset " + path +
                          (h5_has_checksum(ds.id()) ? ": checksum mismatch (the file is damaged)"
                                                    : ": unreadable (the file is damaged)"));
  }
}

/// Schema 3 files carry checksums on these datasets: refuse one whose filter was stripped.
void require_checksum(const H5Dataset& ds, const std::string& path, int schema_version) {
  if (schema_version >= 3 && !h5_has_checksum(ds.id()))
    throw CheckpointError("dataset " + path +
                          " has no Fletcher32 checksum (schema 3 and later require one)");
}

hsize_t length(const H5Dataset& ds) {
  const std::vector<hsize_t> dims = h5_dims(ds.id());
  return dims.empty() ? 1 : dims[0];
}

template <class T>
std::vector<T> read_all(hid_t file, const std::string& path) {
  const H5Dataset ds = required(file, path, 1);
  std::vector<T> values(length(ds));
  read_rows_checked(ds, path, h5_native_type<T>(), values.data(), 0, values.size());
  return values;
}

RealVector read_vector(hid_t file, const std::string& path) {
  const std::vector<double> values = read_all<double>(file, path);
  return Eigen::Map<const RealVector>(values.data(), static_cast<Index>(values.size()));
}

template <class T>
T read_scalar(hid_t file, const std::string& path) {
  const H5Dataset ds = required(file, path, 0);
  T value{};
  h5_read_rows(ds.id(), h5_native_type<T>(), &value, 0, 1);
  return value;
}

void read_header(hid_t file, CheckpointData& d) {
  if (H5Aexists(file, "schema_version") <= 0) {
    throw CheckpointError("not a vitvmc checkpoint (no schema_version attribute)");
  }
  d.schema_version = h5_read_attribute<std::int32_t>(file, "schema_version");
  if (d.schema_version < kOldestReadableSchemaVersion ||
      d.schema_version > kCheckpointSchemaVersion) {
    throw CheckpointError("schema version " + std::to_string(d.schema_version) +
                          ", this build reads versions " +
                          std::to_string(kOldestReadableSchemaVersion) + " to " +
                          std::to_string(kCheckpointSchemaVersion));
  }
  d.code_version = h5_read_string_attribute(file, "code_version");
  if (!h5_exists(file, "/config")) throw CheckpointError("missing dataset /config");
  d.config_echo = h5_read_strings(file, "/config").at(0);
  d.step = read_scalar<std::int64_t>(file, "/step");
}

void read_parameters(hid_t file, CheckpointData& d) {
  require_checksum(required(file, "/parameters/theta", 1), "/parameters/theta", d.schema_version);
  d.theta = read_vector(file, "/parameters/theta");
  if (!h5_exists(file, "/parameters/layout/name")) {
    throw CheckpointError("missing dataset /parameters/layout/name");
  }
  const std::vector<std::string> names = h5_read_strings(file, "/parameters/layout/name");
  const auto offsets = read_all<std::int64_t>(file, "/parameters/layout/offset");
  const auto ndims = read_all<std::int64_t>(file, "/parameters/layout/ndim");
  const auto shapes = read_all<std::int64_t>(file, "/parameters/layout/shape");
  if (offsets.size() != names.size() || ndims.size() != names.size()) {
    throw CheckpointError("/parameters/layout: name, offset and ndim differ in length");
  }
  std::size_t next = 0;
  d.layout.clear();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (ndims[i] < 0 || next + static_cast<std::size_t>(ndims[i]) > shapes.size()) {
      throw CheckpointError("/parameters/layout/shape is shorter than ndim says");
    }
    const auto begin = shapes.begin() + static_cast<std::ptrdiff_t>(next);
    d.layout.push_back({names[i], offsets[i], std::vector<Index>(begin, begin + ndims[i])});
    next += static_cast<std::size_t>(ndims[i]);
  }
  if (next != shapes.size()) {
    throw CheckpointError("/parameters/layout/shape is longer than ndim says");
  }
}

void read_named_values(hid_t file, CheckpointData& d) {
  for (const char* group_name : {"optimizer", "timers"}) {
    if (!h5_exists(file, group_name))
      throw CheckpointError(std::string("missing group /") + group_name);
  }
  const H5Group optimizer = h5_open_group(file, "optimizer");
  for (const std::string& name : h5_children(optimizer.id())) {
    d.optimizer_state[name] = read_vector(optimizer.id(), name);
  }
  const H5Group timers = h5_open_group(file, "timers");
  for (const std::string& name : h5_children(timers.id())) {
    d.timers[name] = read_scalar<double>(timers.id(), name);
  }
}

void read_chains(hid_t file, const ChainRange& range, CheckpointData& d) {
  const H5Dataset configs = required(file, "/chains/configs", 2);
  const H5Dataset log_psi = required(file, "/chains/log_psi", 1);
  const H5Dataset rng = required(file, "/chains/rng_counter", 1);
  const std::vector<hsize_t> dims = h5_dims(configs.id());
  d.n_chains_total = static_cast<Index>(dims[0]);
  d.n_sites = static_cast<Index>(dims[1]);
  if (length(log_psi) != dims[0] || length(rng) != dims[0]) {
    throw CheckpointError("/chains: configs, log_psi and rng_counter differ in length");
  }
  if (dims[0] > 0 && dims[1] > 0) {  // empty datasets cannot be chunked, so carry no checksum
    require_checksum(configs, "/chains/configs", d.schema_version);
    require_checksum(log_psi, "/chains/log_psi", d.schema_version);
    require_checksum(rng, "/chains/rng_counter", d.schema_version);
  }
  const auto [first, count] = range(d.n_chains_total);
  if (first < 0 || count < 0 || first + count > d.n_chains_total) {
    throw CheckpointError("chains [" + std::to_string(first) + ", " +
                          std::to_string(first + count) + ") requested, the file holds " +
                          std::to_string(d.n_chains_total));
  }
  const H5Group chains = h5_open_group(file, "chains");
  d.sampler_seed = h5_read_attribute<std::uint64_t>(chains.id(), "sampler_seed");
  d.first_chain = first;
  d.configs.resize(count, d.n_sites);
  d.log_psi.resize(count);
  d.rng_counters.resize(static_cast<std::size_t>(count));
  const auto f = static_cast<hsize_t>(first);
  const auto c = static_cast<hsize_t>(count);
  read_rows_checked(configs, "/chains/configs", H5T_NATIVE_INT8, d.configs.data(), f, c);
  const H5Datatype complex_type = h5_complex_type();
  read_rows_checked(log_psi, "/chains/log_psi", complex_type.id(), d.log_psi.data(), f, c);
  read_rows_checked(rng, "/chains/rng_counter", H5T_NATIVE_UINT64, d.rng_counters.data(), f, c);
  const auto spins = d.configs.array();
  if (((spins != Spin{1}) && (spins != Spin{-1})).any()) {
    throw CheckpointError("/chains/configs holds entries other than +-1 (corrupt file)");
  }
}

CheckpointData read_contents(hid_t file, const ChainRange& range) {
  // Before any group or dataset is opened: HDF5 decodes unchecksummed metadata unverified.
  const std::string unchecksummed = h5_unchecksummed_object_error(file);
  if (!unchecksummed.empty()) throw CheckpointError(unchecksummed);
  CheckpointData d;
  read_header(file, d);
  read_parameters(file, d);
  read_named_values(file, d);
  read_chains(file, range, d);
  return d;
}

CheckpointData read_with_range(const std::string& path, const ChainRange& range,
                               const Communicator& comm) {
  const bool present = std::filesystem::is_regular_file(path);
  agree_or_throw(present, "checkpoint " + path + ": no such file", comm);
  // An old-format file is refused before HDF5 opens it: H5Fopen already decodes the root group's
  // unchecksummed object header, and damage there can crash HDF5 itself.
  const std::string old_format = h5_unchecksummed_file_error(path);
  agree_or_throw(old_format.empty(), "checkpoint " + path + ": " + old_format, comm);
  CheckpointData data;
  std::string error;
  try {
    H5File file = h5_open_parallel(path, H5Access::kReadOnly, comm);
    try {
      data = read_contents(file.id(), range);
    } catch (const std::exception& e) {
      error = e.what();
    }
    file.close();  // collective: every rank that opened the file reaches it
  } catch (const std::exception& e) {
    error = e.what();
  }
  agree_or_throw(error.empty(), "checkpoint " + path + ": " + error, comm);
  return data;
}

}  // namespace

CheckpointData read_checkpoint(const std::string& path, Index first_chain, Index n_local_chains,
                               const Communicator& comm) {
  return read_with_range(
      path, [=](Index) { return std::pair<Index, Index>(first_chain, n_local_chains); }, comm);
}

CheckpointData read_checkpoint(const std::string& path, const Communicator& comm) {
  return read_with_range(
      path, [&comm](Index total) { return block_chain_range(total, comm.rank(), comm.size()); },
      comm);
}

std::pair<Index, Index> block_chain_range(Index n_total, int rank, int size) {
  return block_partition(n_total, rank, size);
}

}  // namespace vitvmc
