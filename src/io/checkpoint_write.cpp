// Writing a checkpoint: validate the input on every rank, then one collective pass over the
// schema of docs/checkpoint-format.md. Replicated fields are written by rank 0 alone; each rank
// writes its own rows of the chain datasets.
#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>

#include "checkpoint_space.hpp"
#include "collective_check.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/checkpoint_files.hpp"
#include "vitvmc/io/h5_data.hpp"
#include "vitvmc/parallel/collectives.hpp"
#include "vitvmc/parallel/communicator.hpp"
#include "vitvmc/version.hpp"
#include "write_fault.hpp"

namespace vitvmc {
namespace {

bool valid_link_name(const std::string& name) {
  return !name.empty() && name != "." && name.find('/') == std::string::npos;
}

std::string local_input_error(const CheckpointData& d) {
  const Index rows = d.configs.rows();
  if (d.step < 0) return "negative step";
  if (d.first_chain < 0) return "negative first_chain";
  if (rows > 0 && d.configs.cols() != d.n_sites) return "configs must have n_sites columns";
  if (d.log_psi.size() != rows) return "log_psi must have one entry per local chain";
  if (static_cast<Index>(d.rng_counters.size()) != rows) {
    return "rng_counters must have one entry per local chain";
  }
  for (const auto& [name, value] : d.optimizer_state) {
    if (!valid_link_name(name)) return "invalid optimizer_state name '" + name + "'";
  }
  for (const auto& [name, value] : d.timers) {
    if (!valid_link_name(name)) return "invalid timer name '" + name + "'";
  }
  for (const auto& slice : d.layout) {
    if (slice.name.empty()) return "a parameter slice without a name";
  }
  return "";
}

/// FNV-1a over every name that becomes an HDF5 object, so ranks can compare their metadata.
std::int64_t names_hash(const CheckpointData& d) {
  std::uint64_t hash = 14695981039346656037ull;
  const auto mix = [&hash](const std::string& s) {
    for (const char c : s + '\n') hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  };
  for (const auto& [name, value] : d.optimizer_state) mix(name);
  for (const auto& [name, value] : d.timers) mix("timer:" + name);
  for (const auto& slice : d.layout) mix("slice:" + slice.name);
  return static_cast<std::int64_t>(hash);
}

/// Checks that the replicated fields agree in size and the local chain blocks tile
/// [0, n_chains_total). Collective.
void check_across_ranks(const CheckpointData& d, const Communicator& comm) {
  constexpr int kFields = 9;
  const std::array<std::int64_t, kFields> mine = {d.first_chain,
                                                  d.configs.rows(),
                                                  d.step,
                                                  d.n_chains_total,
                                                  d.n_sites,
                                                  d.theta.size(),
                                                  static_cast<std::int64_t>(d.layout.size()),
                                                  names_hash(d),
                                                  static_cast<std::int64_t>(d.sampler_seed)};
  const std::vector<std::int64_t> all = allgatherv(std::span<const std::int64_t>(mine), comm);
  std::vector<std::pair<std::int64_t, std::int64_t>> blocks;
  std::string error;  // the first problem found
  const auto fail = [&error](const std::string& message) {
    if (error.empty()) error = message;
  };
  for (int r = 0; r < comm.size(); ++r) {
    const std::int64_t* f = all.data() + static_cast<std::ptrdiff_t>(r) * kFields;
    if (!std::equal(f + 2, f + kFields, all.data() + 2)) {
      fail("replicated fields (step, sizes, names, seed) differ between rank 0 and rank " +
           std::to_string(r));
    }
    if (f[1] > 0) blocks.emplace_back(f[0], f[1]);
  }
  std::sort(blocks.begin(), blocks.end());
  std::int64_t next = 0;
  for (const auto& [first, count] : blocks) {
    if (first != next) {
      fail("chain blocks do not tile [0, n_chains_total): gap or overlap at chain " +
           std::to_string(next));
    }
    next = first + count;
  }
  if (next != d.n_chains_total) {
    fail("chain blocks cover " + std::to_string(next) + " chains, n_chains_total is " +
         std::to_string(d.n_chains_total));
  }
  // Every rank computed the same verdict from the same gathered data.
  if (!error.empty()) throw CheckpointError("write_checkpoint: " + error);
}

/// Every collective call that writes to the file is followed by a vote (one allreduce): an I/O
/// error seen on one rank (a disk that fills under an MPI-IO aggregator is seen by that rank alone)
/// then ends the write on every rank at the same call, and all ranks unwind through the same
/// collective closes, instead of one rank closing the file while the others wait in the next
/// collective write.
class WriteVote {
 public:
  WriteVote(const std::string& path, const Communicator& comm) : path_(path), comm_(comm) {}

  /// Collective: runs `io` (a collective HDF5 write named `what`), then every rank throws
  /// CheckpointError if it failed on any rank.
  template <class Io>
  void operator()(std::string_view what, Io&& io) const {
    std::string error;
    try {
      io();
    } catch (const H5Error& e) {
      error = e.what();
    }
    if (error.empty() && injected_write_fault(comm_.rank(), what)) {
      error = "injected write error (VITVMC_INJECT_WRITE_ERROR)";
    }
    agree_or_throw(error.empty(),
                   "writing checkpoint " + path_ + " (" + std::string(what) + "): " + error, comm_);
  }

 private:
  const std::string& path_;
  const Communicator& comm_;
};

/// Writes a 1-D float64 dataset replicated on every rank (rank 0 writes).
void write_vector(hid_t loc, const std::string& name, const RealVector& v, bool writer, hid_t xfer,
                  const WriteVote& vote, const std::string& units, const std::string& description) {
  const std::vector<hsize_t> dims = {static_cast<hsize_t>(v.size())};
  const H5PropertyList dcpl = h5_checksum_dcpl(dims, sizeof(double));
  const H5Dataset ds = h5_create_dataset(loc, name, H5T_IEEE_F64LE, dims, dcpl.id());
  h5_annotate(ds.id(), units, description);
  vote(name, [&] {
    h5_write_rows(ds.id(), H5T_NATIVE_DOUBLE, v.data(), 0, writer ? v.size() : 0, xfer);
  });
}

template <class T>
void write_scalar(hid_t loc, const std::string& name, hid_t file_type, T value, bool writer,
                  hid_t xfer, const WriteVote& vote, const std::string& units,
                  const std::string& description) {
  const H5Dataset ds = h5_create_dataset(loc, name, file_type, {});
  h5_annotate(ds.id(), units, description);
  vote(name, [&] { h5_write_rows(ds.id(), h5_native_type<T>(), &value, 0, writer ? 1 : 0, xfer); });
}

void write_layout(hid_t parameters, const std::vector<ParameterLayoutEntry>& layout, bool writer,
                  hid_t xfer, const WriteVote& vote) {
  std::vector<std::string> names;
  std::vector<std::int64_t> offsets, ndims, shapes;
  for (const auto& slice : layout) {
    names.push_back(slice.name);
    offsets.push_back(slice.offset);
    ndims.push_back(static_cast<std::int64_t>(slice.shape.size()));
    shapes.insert(shapes.end(), slice.shape.begin(), slice.shape.end());
  }
  const H5Group group = h5_create_group(parameters, "layout");
  vote("name", [&] { h5_write_strings(group.id(), "name", names, writer, xfer); });
  const auto write_ints = [&](const char* name, const std::vector<std::int64_t>& v,
                              const char* description) {
    const H5PropertyList dcpl = h5_checksum_dcpl({v.size()}, sizeof(std::int64_t));
    const H5Dataset ds = h5_create_dataset(group.id(), name, H5T_STD_I64LE, {v.size()}, dcpl.id());
    h5_annotate(ds.id(), "1", description);
    vote(name, [&] {
      h5_write_rows(ds.id(), H5T_NATIVE_INT64, v.data(), 0, writer ? v.size() : 0, xfer);
    });
  };
  write_ints("offset", offsets, "first index of the slice in theta");
  write_ints("ndim", ndims, "number of dimensions of the slice");
  write_ints("shape", shapes, "concatenated row-major shapes, ndim[i] entries per slice");
}

void write_chains(hid_t file, const CheckpointData& d, hid_t xfer, const WriteVote& vote) {
  const H5Group chains = h5_create_group(file, "chains");
  h5_write_attribute<std::uint64_t>(chains.id(), "sampler_seed", d.sampler_seed);
  const auto total = static_cast<hsize_t>(d.n_chains_total);
  const auto first = static_cast<hsize_t>(d.first_chain);
  const auto count = static_cast<hsize_t>(d.configs.rows());

  // Chunked with Fletcher32 checksums: collective writes of filtered datasets need HDF5 >= 1.10.2.
  const std::vector<hsize_t> config_dims = {total, static_cast<hsize_t>(d.n_sites)};
  const H5PropertyList config_dcpl = h5_checksum_dcpl(config_dims, 1);
  const H5Dataset configs =
      h5_create_dataset(chains.id(), "configs", H5T_STD_I8LE, config_dims, config_dcpl.id());
  h5_annotate(configs.id(), "1", "sigma_s = 2 S^z_s = +-1 of chain c (row) at site s = y*Lx + x");
  vote("configs",
       [&] { h5_write_rows(configs.id(), H5T_NATIVE_INT8, d.configs.data(), first, count, xfer); });

  const H5Datatype complex_type = h5_complex_type();
  const H5PropertyList log_psi_dcpl = h5_checksum_dcpl({total}, 2 * sizeof(double));
  const H5Dataset log_psi =
      h5_create_dataset(chains.id(), "log_psi", complex_type.id(), {total}, log_psi_dcpl.id());
  h5_annotate(log_psi.id(), "1",
              "log psi(sigma_c) under /parameters/theta, compound {r, i} = real, imaginary part");
  vote("log_psi", [&] {
    h5_write_rows(log_psi.id(), complex_type.id(), d.log_psi.data(), first, count, xfer);
  });

  const H5PropertyList rng_dcpl = h5_checksum_dcpl({total}, sizeof(std::uint64_t));
  const H5Dataset rng =
      h5_create_dataset(chains.id(), "rng_counter", H5T_STD_U64LE, {total}, rng_dcpl.id());
  h5_annotate(rng.id(), "1", "Philox counter of chain c's stream (sampler_seed, c)");
  vote("rng_counter", [&] {
    h5_write_rows(rng.id(), H5T_NATIVE_UINT64, d.rng_counters.data(), first, count, xfer);
  });
}

void write_contents(hid_t file, const CheckpointData& d, bool writer, hid_t xfer,
                    const WriteVote& vote) {
  h5_write_attribute<std::int32_t>(file, "schema_version", kCheckpointSchemaVersion);
  h5_write_string_attribute(file, "code_version", kVersion);
  h5_write_string_attribute(file, "format", "vitvmc checkpoint");

  const H5Datatype echo_type = h5_string_type(d.config_echo.size());
  const H5Dataset echo = h5_create_dataset(file, "config", echo_type.id(), {});
  h5_annotate(echo.id(), "", "run configuration echo, one `section.key = value` per line");
  std::string padded = d.config_echo;
  padded.resize(std::max<std::size_t>(padded.size(), 1), '\0');
  vote("config",
       [&] { h5_write_rows(echo.id(), echo_type.id(), padded.data(), 0, writer ? 1 : 0, xfer); });

  write_scalar<std::int64_t>(file, "step", H5T_STD_I64LE, d.step, writer, xfer, vote, "steps",
                             "completed optimisation steps");

  const H5Group parameters = h5_create_group(file, "parameters");
  write_vector(parameters.id(), "theta", d.theta, writer, xfer, vote, "1",
               "all variational parameters");
  write_layout(parameters.id(), d.layout, writer, xfer, vote);

  const H5Group optimizer = h5_create_group(file, "optimizer");
  for (const auto& [name, value] : d.optimizer_state) {
    write_vector(optimizer.id(), name, value, writer, xfer, vote, "", "optimiser state field");
  }
  const H5Group timers = h5_create_group(file, "timers");
  for (const auto& [name, seconds] : d.timers) {
    write_scalar<double>(timers.id(), name, H5T_IEEE_F64LE, seconds, writer, xfer, vote, "s",
                         "cumulative wall time of this phase");
  }
  write_chains(file, d, xfer, vote);
}

}  // namespace

void write_checkpoint_file(const std::string& path, const CheckpointData& local,
                           const Communicator& comm) {
  const std::string input_error = local_input_error(local);
  agree_or_throw(input_error.empty(), "write_checkpoint: " + input_error, comm);
  check_across_ranks(local, comm);
  const WriteVote vote(path, comm);
  H5File file;
  vote("create", [&] { file = h5_create_parallel(path, comm); });
  const H5PropertyList xfer = h5_collective_transfer();
  write_contents(file.id(), local, comm.rank() == 0, xfer.id(), vote);
  // The metadata reaches the disk in the flush. Not covered: a create or close that fails on some
  // ranks only (MPI_File_open/close are collective and report alike in practice); the ranks still
  // holding the file would then close it without the others. After a voted flush, the close has
  // nothing left to write.
  vote("flush",
       [&] { h5_check_status(H5Fflush(file.id(), H5F_SCOPE_GLOBAL), "flushing " + path); });
  vote("close", [&] { file.close(); });
}

std::string write_checkpoint(const std::string& dir, const CheckpointData& local, Index keep,
                             const Communicator& comm) {
  std::string error;
  if (comm.rank() == 0) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) error = "cannot create output directory " + dir + ": " + ec.message();
    // A temporary file left by a killed run may be a hard link to a kept checkpoint: unlink it
    // rather than let the create below truncate that shared data.
    std::filesystem::remove(checkpoint_temp_path(dir), ec);
    if (ec) error = "cannot remove " + checkpoint_temp_path(dir) + ": " + ec.message();
    try {
      if (error.empty()) probe_free_space(dir, checkpoint_size_bound(local));
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  agree_or_throw(error.empty(), error, comm);
  const std::string temp = checkpoint_temp_path(dir);
  write_checkpoint_file(temp, local, comm);
  publish_checkpoint(dir, temp, local.step, keep, comm);
  return checkpoint_path(dir);
}

}  // namespace vitvmc
