// Checkpoints whose objects have the right names but the wrong shapes: refused with
// CheckpointError, never read past a buffer. Regression tests for what fuzzing the reader turned up
// (docs/testing.md): an attribute holding an array overran the single value h5_read_attribute reads
// (ASan: stack-buffer-overflow), and so did a multi-dimensional string dataset in h5_read_strings.
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "io_test_support.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/checkpoint_files.hpp"
#include "vitvmc/io/h5_data.hpp"

namespace vitvmc::io_test {
namespace {

namespace fs = std::filesystem;

constexpr Index kTotal = 4;

/// Replaces attribute `name` of object `object` by an array of `n` values of `type`.
void make_array_attribute(hid_t file, const char* object, const char* name, hid_t type, hsize_t n) {
  h5_check_status(H5Adelete_by_name(file, object, name, H5P_DEFAULT), "H5Adelete_by_name");
  const H5Dataspace space(h5_check(H5Screate_simple(1, &n, nullptr), "H5Screate_simple"));
  const H5Attribute attribute(h5_check(H5Acreate_by_name(file, object, name, type, space.id(),
                                                         H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                                       "H5Acreate_by_name"));
  const std::vector<char> zeros(n * H5Tget_size(type), 'x');
  h5_check_status(H5Awrite(attribute.id(), type, zeros.data()), "H5Awrite");
}

/// Copies `good` to `path` and applies `surgery` to the copy (rank 0, serial HDF5).
template <class F>
void damaged_copy(const std::string& good, const std::string& path, F&& surgery) {
  on_root([&] {
    fs::copy_file(good, path);
    H5File file = h5_open_serial(path, H5Access::kReadWrite);
    surgery(file.id());
  });
}

TEST(CheckpointMalformed, ArrayAttributesAreRefused) {
  ScratchDir dir("malformed_attributes");
  const auto [first, count] = block_chain_range(kTotal, world().rank(), world().size());
  const std::string good =
      write_checkpoint(dir.path(), test_data(3, kTotal, first, count), 0, world());
  const std::string schema = dir.file("schema.h5");
  const std::string seed = dir.file("seed.h5");
  const std::string version = dir.file("version.h5");
  damaged_copy(good, schema, [](hid_t f) {
    make_array_attribute(f, "/", "schema_version", H5T_NATIVE_INT32, 64);
  });
  damaged_copy(good, seed, [](hid_t f) {
    make_array_attribute(f, "/chains", "sampler_seed", H5T_NATIVE_UINT64, 64);
  });
  damaged_copy(good, version, [](hid_t f) {
    const H5Datatype type = h5_string_type(16);
    make_array_attribute(f, "/", "code_version", type.id(), 64);
  });
  expect_refused(schema, "attribute schema_version should hold exactly one value");
  expect_refused(seed, "attribute sampler_seed should hold exactly one value");
  expect_refused(version, "attribute code_version should hold exactly one value");
}

TEST(CheckpointMalformed, MultiDimensionalStringsAreRefused) {
  ScratchDir dir("malformed_strings");
  const auto [first, count] = block_chain_range(kTotal, world().rank(), world().size());
  const std::string good =
      write_checkpoint(dir.path(), test_data(3, kTotal, first, count), 0, world());
  const std::string config = dir.file("config.h5");
  damaged_copy(good, config, [](hid_t f) {
    h5_check_status(H5Ldelete(f, "/config", H5P_DEFAULT), "H5Ldelete");
    const H5Datatype type = h5_string_type(8);
    const H5Dataset echo = h5_create_dataset(f, "config", type.id(), {2, 64});
    const std::vector<char> text(2 * 64 * 8, 'x');
    h5_write_rows(echo.id(), type.id(), text.data(), 0, 2);
  });
  expect_refused(config, "dataset /config should be a list of strings");
}

TEST(CheckpointMalformed, DataTheFileDoesNotStoreIsRefused) {
  ScratchDir dir("malformed_storage");
  const auto [first, count] = block_chain_range(kTotal, world().rank(), world().size());
  const std::string good =
      write_checkpoint(dir.path(), test_data(3, kTotal, first, count), 0, world());
  const std::string ndim = dir.file("ndim.h5");
  const std::string config = dir.file("config.h5");
  // Declared but never written: no storage behind 67 million int64 (what the fuzzer's file had).
  damaged_copy(good, ndim, [](hid_t f) {
    h5_check_status(H5Ldelete(f, "/parameters/layout/ndim", H5P_DEFAULT), "H5Ldelete");
    h5_create_dataset(f, "/parameters/layout/ndim", H5T_STD_I64LE, {67108870});
  });
  damaged_copy(good, config, [](hid_t f) {
    h5_check_status(H5Ldelete(f, "/config", H5P_DEFAULT), "H5Ldelete");
    const H5Datatype type = h5_string_type(1 << 20);
    h5_create_dataset(f, "config", type.id(), {4096});
  });
  expect_refused(ndim, "dataset /parameters/layout/ndim declares more data than the file stores");
  expect_refused(config, "dataset /config declares more data than the file stores");
}

}  // namespace
}  // namespace vitvmc::io_test
