#include "vitvmc/io/h5_data.hpp"

#include <algorithm>
#include <complex>

namespace vitvmc {
namespace {

H5Dataspace scalar_space() {
  return H5Dataspace(h5_check(H5Screate(H5S_SCALAR), "H5Screate(scalar)"));
}

H5Dataspace simple_space(const std::vector<hsize_t>& dims) {
  if (dims.empty()) return scalar_space();
  return H5Dataspace(h5_check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                              "H5Screate_simple"));
}

/// File and memory dataspaces selecting rows [first, first + count) of `dataset`.
std::pair<H5Dataspace, H5Dataspace> row_selection(hid_t dataset, hsize_t first, hsize_t count) {
  H5Dataspace file(h5_check(H5Dget_space(dataset), "H5Dget_space"));
  std::vector<hsize_t> dims = h5_dims(dataset);
  if (count == 0) {
    // Takes part in a collective call with an empty selection on both sides.
    h5_check_status(H5Sselect_none(file.id()), "H5Sselect_none");
    H5Dataspace memory(h5_check(H5Scopy(file.id()), "H5Scopy"));
    return {std::move(file), std::move(memory)};
  }
  if (dims.empty()) {
    if (first != 0 || count != 1) throw H5Error("HDF5: a scalar dataset has exactly one row");
    return {std::move(file), scalar_space()};
  }
  if (first + count > dims[0]) {
    throw H5Error("HDF5: rows [" + std::to_string(first) + ", " + std::to_string(first + count) +
                  ") outside a dataset of " + std::to_string(dims[0]) + " rows");
  }
  std::vector<hsize_t> start(dims.size(), 0);
  start[0] = first;
  dims[0] = count;
  h5_check_status(
      H5Sselect_hyperslab(file.id(), H5S_SELECT_SET, start.data(), nullptr, dims.data(), nullptr),
      "H5Sselect_hyperslab");
  return {std::move(file), simple_space(dims)};
}

H5Attribute create_attribute(hid_t loc, const std::string& name, hid_t type) {
  if (H5Aexists(loc, name.c_str()) > 0) {
    h5_check_status(H5Adelete(loc, name.c_str()), "replacing attribute " + name);
  }
  const H5Dataspace space = scalar_space();
  return H5Attribute(
      h5_check(H5Acreate2(loc, name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT),
               "creating attribute " + name));
}

std::string trim_padding(const char* data, std::size_t length) {
  std::string value(data, length);
  value.erase(std::find(value.begin(), value.end(), '\0'), value.end());
  return value;
}

}  // namespace

template <>
hid_t h5_native_type<double>() {
  return H5T_NATIVE_DOUBLE;
}
template <>
hid_t h5_native_type<std::int8_t>() {
  return H5T_NATIVE_INT8;
}
template <>
hid_t h5_native_type<std::int32_t>() {
  return H5T_NATIVE_INT32;
}
template <>
hid_t h5_native_type<std::int64_t>() {
  return H5T_NATIVE_INT64;
}
template <>
hid_t h5_native_type<std::uint64_t>() {
  return H5T_NATIVE_UINT64;
}

H5Datatype h5_complex_type() {
  H5Datatype type(h5_check(H5Tcreate(H5T_COMPOUND, sizeof(std::complex<double>)), "H5Tcreate"));
  h5_check_status(H5Tinsert(type.id(), "r", 0, H5T_NATIVE_DOUBLE), "H5Tinsert(r)");
  h5_check_status(H5Tinsert(type.id(), "i", sizeof(double), H5T_NATIVE_DOUBLE), "H5Tinsert(i)");
  return type;
}

H5Datatype h5_string_type(std::size_t length) {
  H5Datatype type(h5_check(H5Tcopy(H5T_C_S1), "H5Tcopy(string)"));
  h5_check_status(H5Tset_size(type.id(), std::max<std::size_t>(length, 1)), "H5Tset_size");
  h5_check_status(H5Tset_strpad(type.id(), H5T_STR_NULLPAD), "H5Tset_strpad");
  return type;
}

H5Dataset h5_create_dataset(hid_t loc, const std::string& name, hid_t type,
                            const std::vector<hsize_t>& dims, hid_t dcpl) {
  const H5Dataspace space = simple_space(dims);
  return H5Dataset(
      h5_check(H5Dcreate2(loc, name.c_str(), type, space.id(), H5P_DEFAULT, dcpl, H5P_DEFAULT),
               "creating dataset " + name));
}

H5PropertyList h5_checksum_dcpl(const std::vector<hsize_t>& dims, std::size_t element_size) {
  H5PropertyList dcpl(h5_check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate(dataset create)"));
  const bool chunkable =
      !dims.empty() && std::none_of(dims.begin(), dims.end(), [](hsize_t d) { return d == 0; });
  if (!chunkable) return dcpl;
  hsize_t row_bytes = element_size;
  for (std::size_t i = 1; i < dims.size(); ++i) row_bytes *= dims[i];
  constexpr hsize_t kChunkBytes = hsize_t{1} << 20;
  std::vector<hsize_t> chunk = dims;
  chunk[0] = std::clamp<hsize_t>(kChunkBytes / std::max<hsize_t>(row_bytes, 1), 1, dims[0]);
  h5_check_status(H5Pset_chunk(dcpl.id(), static_cast<int>(chunk.size()), chunk.data()),
                  "H5Pset_chunk");
  h5_check_status(H5Pset_fletcher32(dcpl.id()), "H5Pset_fletcher32");
  return dcpl;
}

bool h5_has_checksum(hid_t dataset) {
  const H5PropertyList dcpl(h5_check(H5Dget_create_plist(dataset), "H5Dget_create_plist"));
  unsigned flags = 0;
  std::size_t n_values = 0;
  unsigned config = 0;
  return H5Pget_filter_by_id2(dcpl.id(), H5Z_FILTER_FLETCHER32, &flags, &n_values, nullptr, 0,
                              nullptr, &config) >= 0;
}

std::vector<hsize_t> h5_dims(hid_t dataset) {
  const H5Dataspace space(h5_check(H5Dget_space(dataset), "H5Dget_space"));
  const int rank = H5Sget_simple_extent_ndims(space.id());
  h5_check_status(rank, "H5Sget_simple_extent_ndims");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  h5_check_status(H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr),
                  "H5Sget_simple_extent_dims");
  return dims;
}

void h5_require_stored(hid_t dataset, const std::string& name) {
  const H5Datatype type(h5_check(H5Dget_type(dataset), "H5Dget_type"));
  const std::size_t element = H5Tget_size(type.id());
  hsize_t file_size = 0;
  {
    const H5File file(h5_check(H5Iget_file_id(dataset), "H5Iget_file_id"));
    h5_check_status(H5Fget_filesize(file.id(), &file_size), "H5Fget_filesize");
  }
  const hsize_t stored = H5Dget_storage_size(dataset);
  hsize_t elements = 1;
  bool too_many = element == 0;
  for (const hsize_t d : h5_dims(dataset)) {
    if (d != 0 && elements > stored / d) too_many = true;
    elements *= d;
  }
  if (too_many || stored > file_size || elements > stored / element) {
    throw H5Error("HDF5: dataset " + name + " declares more data than the file stores for it (" +
                  std::to_string(stored) + " bytes)");
  }
}

namespace {
// An empty dataset has no storage (undefined address): writing even zero bytes to it fails, so
// every rank (all see the same extent, which keeps collective calls matched) skips it.
bool has_no_elements(hid_t dataset) {
  const std::vector<hsize_t> dims = h5_dims(dataset);
  return std::any_of(dims.begin(), dims.end(), [](hsize_t d) { return d == 0; });
}
}  // namespace

void h5_write_rows(hid_t dataset, hid_t mem_type, const void* buf, hsize_t first, hsize_t count,
                   hid_t xfer) {
  if (has_no_elements(dataset)) return;
  const auto [file, memory] = row_selection(dataset, first, count);
  const char dummy = 0;  // HDF5 wants a buffer even for an empty selection
  h5_check_status(H5Dwrite(dataset, mem_type, memory.id(), file.id(), xfer, buf ? buf : &dummy),
                  "H5Dwrite");
}

void h5_read_rows(hid_t dataset, hid_t mem_type, void* buf, hsize_t first, hsize_t count,
                  hid_t xfer) {
  if (has_no_elements(dataset)) return;
  const auto [file, memory] = row_selection(dataset, first, count);
  char dummy = 0;
  h5_check_status(H5Dread(dataset, mem_type, memory.id(), file.id(), xfer, buf ? buf : &dummy),
                  "H5Dread");
}

template <class T>
void h5_write_attribute(hid_t loc, const std::string& name, T value) {
  const H5Attribute attribute = create_attribute(loc, name, h5_native_type<T>());
  h5_check_status(H5Awrite(attribute.id(), h5_native_type<T>(), &value),
                  "writing attribute " + name);
}

namespace {
// H5Aread fills the whole dataspace: a file whose attribute holds an array (a damaged or foreign
// file) would overrun the one value read here (found by tests/fuzz, see docs/testing.md).
void require_single_value(hid_t attribute, const std::string& name) {
  const H5Dataspace space(h5_check(H5Aget_space(attribute), "H5Aget_space"));
  if (H5Sget_simple_extent_npoints(space.id()) != 1) {
    throw H5Error("HDF5: attribute " + name + " should hold exactly one value");
  }
}
}  // namespace

template <class T>
T h5_read_attribute(hid_t loc, const std::string& name) {
  const H5Attribute attribute(
      h5_check(H5Aopen(loc, name.c_str(), H5P_DEFAULT), "opening attribute " + name));
  require_single_value(attribute.id(), name);
  T value{};
  h5_check_status(H5Aread(attribute.id(), h5_native_type<T>(), &value),
                  "reading attribute " + name);
  return value;
}

template void h5_write_attribute<double>(hid_t, const std::string&, double);
template void h5_write_attribute<std::int32_t>(hid_t, const std::string&, std::int32_t);
template void h5_write_attribute<std::int64_t>(hid_t, const std::string&, std::int64_t);
template void h5_write_attribute<std::uint64_t>(hid_t, const std::string&, std::uint64_t);
template double h5_read_attribute<double>(hid_t, const std::string&);
template std::int32_t h5_read_attribute<std::int32_t>(hid_t, const std::string&);
template std::int64_t h5_read_attribute<std::int64_t>(hid_t, const std::string&);
template std::uint64_t h5_read_attribute<std::uint64_t>(hid_t, const std::string&);

void h5_write_string_attribute(hid_t loc, const std::string& name, const std::string& value) {
  const H5Datatype type = h5_string_type(value.size());
  const H5Attribute attribute = create_attribute(loc, name, type.id());
  std::string padded = value;
  padded.resize(std::max<std::size_t>(value.size(), 1), '\0');
  h5_check_status(H5Awrite(attribute.id(), type.id(), padded.data()), "writing attribute " + name);
}

std::string h5_read_string_attribute(hid_t loc, const std::string& name) {
  const H5Attribute attribute(
      h5_check(H5Aopen(loc, name.c_str(), H5P_DEFAULT), "opening attribute " + name));
  require_single_value(attribute.id(), name);
  const H5Datatype file_type(h5_check(H5Aget_type(attribute.id()), "H5Aget_type"));
  if (H5Tget_class(file_type.id()) != H5T_STRING) {
    throw H5Error("HDF5: attribute " + name + " is not a string");
  }
  if (H5Tis_variable_str(file_type.id()) > 0) {
    H5Datatype type(h5_check(H5Tcopy(H5T_C_S1), "H5Tcopy"));
    h5_check_status(H5Tset_size(type.id(), H5T_VARIABLE), "H5Tset_size");
    char* text = nullptr;
    h5_check_status(H5Aread(attribute.id(), type.id(), &text), "reading attribute " + name);
    std::string value = text ? text : "";
    H5free_memory(text);
    return value;
  }
  const std::size_t size = H5Tget_size(file_type.id());
  const H5Datatype type = h5_string_type(size);
  std::string buffer(size, '\0');
  h5_check_status(H5Aread(attribute.id(), type.id(), buffer.data()), "reading attribute " + name);
  return trim_padding(buffer.data(), size);
}

void h5_write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& values,
                      bool write_data, hid_t xfer) {
  std::size_t width = 1;
  for (const auto& v : values) width = std::max(width, v.size());
  const H5Datatype type = h5_string_type(width);
  const H5Dataset dataset = h5_create_dataset(loc, name, type.id(), {values.size()});
  std::string packed(width * values.size(), '\0');
  for (std::size_t i = 0; i < values.size(); ++i)
    packed.replace(i * width, values[i].size(), values[i]);
  h5_write_rows(dataset.id(), type.id(), packed.data(), 0, write_data ? values.size() : 0, xfer);
}

std::vector<std::string> h5_read_strings(hid_t loc, const std::string& name) {
  const H5Dataset dataset = h5_open_dataset(loc, name);
  const H5Datatype file_type(h5_check(H5Dget_type(dataset.id()), "H5Dget_type"));
  if (H5Tget_class(file_type.id()) != H5T_STRING || H5Tis_variable_str(file_type.id()) > 0) {
    throw H5Error("HDF5: dataset " + name + " is not a fixed-length string dataset");
  }
  const std::size_t width = H5Tget_size(file_type.id());
  const std::vector<hsize_t> dims = h5_dims(dataset.id());
  // One string per row: more dimensions would read more strings than the buffer below holds.
  if (dims.size() > 1) throw H5Error("HDF5: dataset " + name + " should be a list of strings");
  h5_require_stored(dataset.id(), name);
  const hsize_t rows = dims.empty() ? 1 : dims[0];
  const H5Datatype type = h5_string_type(width);
  std::string packed(width * rows, '\0');
  h5_read_rows(dataset.id(), type.id(), packed.data(), 0, rows);
  std::vector<std::string> values;
  for (hsize_t i = 0; i < rows; ++i)
    values.push_back(trim_padding(packed.data() + i * width, width));
  return values;
}

void h5_annotate(hid_t object, const std::string& units, const std::string& description) {
  h5_write_string_attribute(object, "units", units);
  h5_write_string_attribute(object, "description", description);
}

}  // namespace vitvmc
