#pragma once
/// \file h5.hpp
/// RAII over HDF5 handles (files, groups, datasets, dataspaces, property lists, attributes, types).
/// Every failing HDF5 call becomes an H5Error carrying HDF5's error stack; the library's automatic
/// printing to stderr is switched off by the first file this module opens.

#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace vitvmc {

class Communicator;

/// An HDF5 call failed; what() names the call and holds HDF5's error stack, innermost last.
class H5Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Returns `id`, or throws H5Error naming `what` (and the HDF5 error stack) when id < 0.
hid_t h5_check(hid_t id, const std::string& what);
/// Throws H5Error naming `what` when `status` < 0.
void h5_check_status(herr_t status, const std::string& what);
/// Turns HDF5's automatic error printing off for this thread; errors arrive as H5Error instead.
void h5_silence_errors();

/// Move-only owner of one HDF5 identifier, closed with `Close` (H5Fclose, H5Dclose, ...).
template <herr_t (*Close)(hid_t)>
class H5Handle {
 public:
  H5Handle() = default;
  /// Takes ownership of `id` (>= 0).
  explicit H5Handle(hid_t id) : id_(id) {}
  ~H5Handle() { reset(); }
  H5Handle(H5Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  H5Handle& operator=(H5Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;

  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  /// Closes now and reports failure (a file's close is where buffered data reaches the disk).
  /// After a failure the handle still owns the identifier, and the destructor tries again.
  void close() {
    if (!valid()) return;
    h5_check_status(Close(id_), "closing an HDF5 object");
    id_ = H5I_INVALID_HID;
  }

 private:
  // Destructors cannot report: a failed close here has already lost the exception that unwinds.
  void reset() noexcept {
    if (valid()) Close(std::exchange(id_, H5I_INVALID_HID));
  }
  hid_t id_ = H5I_INVALID_HID;
};

using H5File = H5Handle<&H5Fclose>;
using H5Group = H5Handle<&H5Gclose>;
using H5Dataset = H5Handle<&H5Dclose>;
using H5Dataspace = H5Handle<&H5Sclose>;
using H5PropertyList = H5Handle<&H5Pclose>;
using H5Attribute = H5Handle<&H5Aclose>;
using H5Datatype = H5Handle<&H5Tclose>;

enum class H5Access { kReadOnly, kReadWrite };

/// Creates (or truncates) `path` for parallel access: collective over `comm`, MPI-IO driver.
H5File h5_create_parallel(const std::string& path, const Communicator& comm);
/// Opens `path` for parallel access: collective over `comm`, MPI-IO driver.
H5File h5_open_parallel(const std::string& path, H5Access access, const Communicator& comm);
/// Creates (or truncates) `path` for one process (default driver, no file locking, see
/// run_log.cpp).
H5File h5_create_serial(const std::string& path);
/// Opens `path` for one process (default driver, no file locking).
H5File h5_open_serial(const std::string& path, H5Access access);

/// True when every component of the '/'-separated `path` below `loc` exists.
bool h5_exists(hid_t loc, const std::string& path);
H5Group h5_create_group(hid_t loc, const std::string& name);
H5Group h5_open_group(hid_t loc, const std::string& name);
H5Dataset h5_open_dataset(hid_t loc, const std::string& name);
/// Names of the links in group `group`, in name order.
std::vector<std::string> h5_children(hid_t group);

/// Transfer property list for collective MPI-IO reads and writes.
H5PropertyList h5_collective_transfer();

}  // namespace vitvmc
