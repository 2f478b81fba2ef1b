#pragma once
/// \file h5_data.hpp
/// Typed reads and writes on top of h5.hpp: datasets addressed by rows (the first dimension), which
/// is how chains are split over ranks, and attributes. In a parallel file, creation calls and
/// attribute writes are collective (every rank, same arguments); row transfers follow `xfer`.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "vitvmc/io/h5.hpp"

namespace vitvmc {

/// The HDF5 native type of a C++ arithmetic type (double, int8, int32, int64, uint64).
template <class T>
hid_t h5_native_type();

/// Compound {r, i} of two native doubles, the layout of std::complex<double>; h5py reads it as
/// complex128.
H5Datatype h5_complex_type();
/// Fixed-length, null-padded string of `length` bytes (at least 1 is used).
H5Datatype h5_string_type(std::size_t length);

/// Creation list for a checksummed dataset of shape `dims`: chunked (rows of at most ~1 MiB of
/// `element_size`-byte elements) with HDF5's Fletcher32 filter, so a read of a damaged chunk fails.
/// Scalars and empty datasets cannot be chunked: for them the default (contiguous) list.
H5PropertyList h5_checksum_dcpl(const std::vector<hsize_t>& dims, std::size_t element_size);
/// Whether dataset `dataset` carries the Fletcher32 filter.
bool h5_has_checksum(hid_t dataset);

/// Creates dataset `name` of `type` with shape `dims` (empty: scalar) and creation list `dcpl`.
H5Dataset h5_create_dataset(hid_t loc, const std::string& name, hid_t type,
                            const std::vector<hsize_t>& dims, hid_t dcpl = H5P_DEFAULT);
/// Current shape of a dataset (empty for a scalar).
std::vector<hsize_t> h5_dims(hid_t dataset);
/// Throws H5Error unless the file stores all the data `dataset` declares (no more than the file's
/// size): a damaged header can declare billions of elements backed by nothing, and reading them
/// would allocate and fill every one (found by tests/fuzz: 20 KB -> 512 MB and 10 s).
void h5_require_stored(hid_t dataset, const std::string& name);

/// Writes rows [first, first + count) of `dataset` from `buf` (row-major, `mem_type` elements).
/// A scalar dataset has one row. count == 0 still takes part in a collective transfer.
void h5_write_rows(hid_t dataset, hid_t mem_type, const void* buf, hsize_t first, hsize_t count,
                   hid_t xfer = H5P_DEFAULT);
/// Reads rows [first, first + count) of `dataset` into `buf`.
void h5_read_rows(hid_t dataset, hid_t mem_type, void* buf, hsize_t first, hsize_t count,
                  hid_t xfer = H5P_DEFAULT);

/// Writes a numeric scalar attribute (T as in h5_native_type).
template <class T>
void h5_write_attribute(hid_t loc, const std::string& name, T value);
/// Reads a numeric scalar attribute, converting to T.
template <class T>
T h5_read_attribute(hid_t loc, const std::string& name);
/// Writes a fixed-length string attribute.
void h5_write_string_attribute(hid_t loc, const std::string& name, const std::string& value);
/// Reads a string attribute (fixed or variable length).
std::string h5_read_string_attribute(hid_t loc, const std::string& name);

/// Writes a 1-D dataset of fixed-length strings; only ranks with `write_data` supply the data.
void h5_write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& values,
                      bool write_data, hid_t xfer = H5P_DEFAULT);
/// Reads a 1-D (or scalar: one element) dataset of fixed-length strings.
std::vector<std::string> h5_read_strings(hid_t loc, const std::string& name);

/// Attaches the `units` and `description` string attributes every dataset we write carries.
void h5_annotate(hid_t object, const std::string& units, const std::string& description);

}  // namespace vitvmc
