#include "vitvmc/io/h5.hpp"

#include <cstdlib>
#include <sstream>

#include "h5_format.hpp"
#include "ompio_semaphore.hpp"
#include "vitvmc/parallel/communicator.hpp"

namespace vitvmc {
namespace {

// HDF5's error stack, innermost frame (the cause) first.
struct ErrorStack {
  std::string cause;  // "description (function)" of frame #0
  std::ostringstream frames;
  unsigned count = 0;
};

herr_t append_error(unsigned n, const H5E_error2_t* err, void* client) {
  auto& stack = *static_cast<ErrorStack*>(client);
  char minor[256] = "";
  H5Eget_msg(err->min_num, nullptr, minor, sizeof minor);
  const std::string func = err->func_name ? err->func_name : "?";
  const std::string desc = err->desc ? err->desc : "";
  if (n == 0) stack.cause = desc + " (" + func + ")";
  stack.frames << "\n  #" << n << " " << func << ": " << desc << " (" << minor << ")";
  ++stack.count;
  return 0;
}

// One line with the cause; all frames only on request (VITVMC_HDF5_ERROR_STACK=1): a user meeting a
// damaged file needs the reason, a developer the 15 frames of HDF5's call chain.
[[noreturn]] void throw_with_stack(const std::string& what) {
  ErrorStack stack;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, append_error, &stack);
  H5Eclear2(H5E_DEFAULT);
  std::string message = "HDF5: " + what + " failed";
  if (!stack.cause.empty()) message += ": " + stack.cause;
  const char* full = std::getenv("VITVMC_HDF5_ERROR_STACK");
  if (full && std::string(full) != "0" && stack.count > 0)
    message += stack.frames.str();
  else if (stack.count > 1)
    message +=
        " [" + std::to_string(stack.count) + " HDF5 frames: VITVMC_HDF5_ERROR_STACK=1 prints them]";
  throw H5Error(message);
}

H5PropertyList file_access(const Communicator* comm) {
  h5_silence_errors();
  H5PropertyList fapl(h5_check(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate(file access)"));
  if (comm) {
    h5_check_status(H5Pset_fapl_mpio(fapl.id(), comm->raw(), MPI_INFO_NULL), "H5Pset_fapl_mpio");
    // Metadata is flushed by all ranks together (fewer, larger writes). Metadata reads stay
    // independent so that a rank that stops early on bad input cannot leave the others waiting.
    h5_check_status(H5Pset_coll_metadata_write(fapl.id(), true), "H5Pset_coll_metadata_write");
  } else {
    // A reader (h5py, a plotting script) holding the run log open must never stop the writer.
    h5_check_status(H5Pset_file_locking(fapl.id(), false, true), "H5Pset_file_locking");
  }
  return fapl;
}

H5File create(const std::string& path, const Communicator* comm) {
  const H5PropertyList fapl = file_access(comm);
  // Parallel files are checkpoints: checksummed metadata, so that a damaged file is refused
  // (h5_format.hpp). The run log keeps the older format that HDF5 1.8 tools read.
  if (comm) h5_set_checksummed_format(fapl.id());
  return H5File(h5_check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.id()),
                         "creating file " + path));
}

H5File open(const std::string& path, H5Access access, const Communicator* comm) {
  const H5PropertyList fapl = file_access(comm);
  const unsigned flags = access == H5Access::kReadWrite ? H5F_ACC_RDWR : H5F_ACC_RDONLY;
  return H5File(h5_check(H5Fopen(path.c_str(), flags, fapl.id()), "opening file " + path));
}

}  // namespace

hid_t h5_check(hid_t id, const std::string& what) {
  if (id < 0) throw_with_stack(what);
  return id;
}

void h5_check_status(herr_t status, const std::string& what) {
  if (status < 0) throw_with_stack(what);
}

void h5_silence_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

H5File h5_create_parallel(const std::string& path, const Communicator& comm) {
  if (comm.rank() == 0) clear_stale_ompio_semaphore(path);
  return create(path, &comm);
}

H5File h5_open_parallel(const std::string& path, H5Access access, const Communicator& comm) {
  if (comm.rank() == 0) clear_stale_ompio_semaphore(path);
  return open(path, access, &comm);
}

H5File h5_create_serial(const std::string& path) { return create(path, nullptr); }

H5File h5_open_serial(const std::string& path, H5Access access) {
  return open(path, access, nullptr);
}

bool h5_exists(hid_t loc, const std::string& path) {
  const bool absolute = !path.empty() && path.front() == '/';
  std::string prefix;
  std::istringstream parts(path);
  for (std::string part; std::getline(parts, part, '/');) {
    if (part.empty()) continue;
    prefix = prefix.empty() ? (absolute ? "/" : "") + part : prefix + "/" + part;
    const htri_t found = H5Lexists(loc, prefix.c_str(), H5P_DEFAULT);
    h5_check_status(found, "looking up " + prefix);
    if (found == 0) return false;
  }
  return true;
}

H5Group h5_create_group(hid_t loc, const std::string& name) {
  return H5Group(h5_check(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                          "creating group " + name));
}

H5Group h5_open_group(hid_t loc, const std::string& name) {
  return H5Group(h5_check(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), "opening group " + name));
}

H5Dataset h5_open_dataset(hid_t loc, const std::string& name) {
  return H5Dataset(h5_check(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), "opening dataset " + name));
}

std::vector<std::string> h5_children(hid_t group) {
  std::vector<std::string> names;
  auto collect = [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
    static_cast<std::vector<std::string>*>(out)->emplace_back(name);
    return 0;
  };
  h5_check_status(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names),
                  "listing a group");
  return names;
}

H5PropertyList h5_collective_transfer() {
  H5PropertyList xfer(h5_check(H5Pcreate(H5P_DATASET_XFER), "H5Pcreate(transfer)"));
  h5_check_status(H5Pset_dxpl_mpio(xfer.id(), H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio");
  return xfer;
}

}  // namespace vitvmc
