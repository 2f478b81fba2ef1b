// Checkpoints are written with checksummed HDF5 metadata, and the reader refuses files whose
// metadata HDF5 cannot verify before it decodes them (src/io/h5_format.hpp): HDF5 1.10.8 crashes
// on some damaged unchecksummed metadata (a zero chunk dimension divides by zero in H5Dopen).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "io_test_support.hpp"
#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/io/h5_data.hpp"

namespace vitvmc::io_test {
namespace {

namespace fs = std::filesystem;

constexpr Index kTotal = 4;

std::string written_checkpoint(const ScratchDir& dir) {
  const auto [first, count] = block_chain_range(kTotal, world().rank(), world().size());
  return write_checkpoint(dir.path(), test_data(3, kTotal, first, count), 0, world());
}

/// A file that looks like a checkpoint header (schema attribute) in the format `fcpl` gives.
void write_header_only(const std::string& path, hid_t fcpl) {
  on_root([&] {
    const H5File file(
        h5_check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT), "create"));
    h5_write_attribute<std::int32_t>(file.id(), "schema_version", kCheckpointSchemaVersion);
    h5_create_group(file.id(), "parameters");
  });
}

TEST(CheckpointFormat, MetadataIsChecksummed) {
  ScratchDir dir("format_written");
  const std::string path = written_checkpoint(dir);
  on_root([&] {
    const H5File file = h5_open_serial(path, H5Access::kReadOnly);
    H5F_info2_t info{};
    ASSERT_GE(H5Fget_info2(file.id(), &info), 0);
    EXPECT_GE(info.super.version, 2u);  // 2 and 3 carry a checksum, 0 and 1 do not
    for (const char* object : {"/", "/parameters/theta", "/chains", "/chains/configs", "/step"}) {
      H5O_info_t object_info{};
      ASSERT_GE(H5Oget_info_by_name2(file.id(), object, &object_info, H5O_INFO_HDR, H5P_DEFAULT),
                0);
      EXPECT_EQ(object_info.hdr.version, 2u) << object;
    }
  });
}

TEST(CheckpointFormat, UnchecksummedSuperblockIsRefused) {
  ScratchDir dir("format_superblock");
  const std::string path = dir.file("old.h5");
  write_header_only(path, H5P_DEFAULT);  // HDF5's default: the 1.8 format, superblock 0
  expect_refused(path, "HDF5 superblock version 0 has no checksum");
  expect_refused(path, "h5repack --latest -m 1 -f FLET");
}

TEST(CheckpointFormat, UnchecksummedObjectHeaderIsRefused) {
  ScratchDir dir("format_header");
  const std::string path = dir.file("mixed.h5");
  // Persistent free-space tracking needs superblock 2, yet objects keep version-1 headers.
  const H5PropertyList fcpl(h5_check(H5Pcreate(H5P_FILE_CREATE), "H5Pcreate"));
  h5_check_status(H5Pset_file_space_strategy(fcpl.id(), H5F_FSPACE_STRATEGY_FSM_AGGR, true, 1),
                  "H5Pset_file_space_strategy");
  write_header_only(path, fcpl.id());
  expect_refused(path, "object / has an unchecksummed object header (version 1)");
}

TEST(CheckpointFormat, DamagedObjectHeaderFailsItsChecksum) {
  ScratchDir dir("format_damaged");
  const std::string good = written_checkpoint(dir);
  const std::string path = dir.file("damaged.h5");
  on_root([&] {
    fs::copy_file(good, path);
    haddr_t header = 0;
    {
      const H5File file = h5_open_serial(path, H5Access::kReadOnly);
      H5O_info_t info{};
      ASSERT_GE(
          H5Oget_info_by_name2(file.id(), "/parameters/theta", &info, H5O_INFO_BASIC, H5P_DEFAULT),
          0);
      header = info.addr;
    }
    // One byte after the header's signature, version and flags: inside the checksummed chunk.
    std::fstream raw(path, std::ios::in | std::ios::out | std::ios::binary);
    raw.seekg(static_cast<std::streamoff>(header + 8));
    char byte = 0;
    raw.read(&byte, 1);
    raw.seekp(static_cast<std::streamoff>(header + 8));
    raw.put(static_cast<char>(~byte));
  });
  expect_refused(path, "incorrect metadata checksum");
  // The cause in one line (the full HDF5 stack is test_h5's).
  try {
    read_checkpoint(path, world());
  } catch (const CheckpointError& e) {
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace vitvmc::io_test
