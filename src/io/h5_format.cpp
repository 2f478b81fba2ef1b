#include "h5_format.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "vitvmc/io/h5.hpp"

namespace vitvmc {
namespace {

constexpr std::array<unsigned char, 8> kSignature = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

const char* const kConvert =
    "; vitvmc reads only HDF5 files with checksummed metadata (superblock and object headers "
    "version >= 2, written by vitvmc since checkpoint schema 4). An older checkpoint can be "
    "converted with `h5repack --latest -m 1 -f FLET OLD.h5 NEW.h5` (docs/checkpoint-format.md)";

struct Visit {
  std::string error;
};

herr_t check_header(hid_t, const char* name, const H5O_info_t* info, void* data) {
  if (info->hdr.version >= kChecksummedFormatVersion) return 0;
  std::string path = "/";  // the root group is visited as "."
  if (std::strcmp(name, ".") != 0) path += name;
  static_cast<Visit*>(data)->error = "object " + path +
                                     " has an unchecksummed object header (version " +
                                     std::to_string(info->hdr.version) + ")" + kConvert;
  return 1;  // stop: nothing below this object is loaded
}

}  // namespace

void h5_set_checksummed_format(hid_t fapl) {
  if (H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_LATEST) < 0) {
    throw std::runtime_error("HDF5: H5Pset_libver_bounds(1.10, latest) failed");
  }
}

int h5_superblock_version(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!in || ec) return -1;
  // HDF5's search (H5FD_locate_signature): byte 0, then every power of two from 512 below the end.
  for (std::uintmax_t at = 0; at + kSignature.size() < size; at = at == 0 ? 512 : 2 * at) {
    std::array<unsigned char, kSignature.size() + 1> head{};
    in.seekg(static_cast<std::streamoff>(at));
    if (!in.read(reinterpret_cast<char*>(head.data()), head.size())) return -1;
    if (std::equal(kSignature.begin(), kSignature.end(), head.begin())) return head.back();
  }
  return -1;
}

std::string h5_unchecksummed_file_error(const std::string& path) {
  const int version = h5_superblock_version(path);
  if (version < 0 || version >= static_cast<int>(kChecksummedFormatVersion)) return "";
  return "HDF5 superblock version " + std::to_string(version) + " has no checksum" + kConvert;
}

std::string h5_unchecksummed_object_error(hid_t file) {
  H5F_info2_t file_info{};
  if (H5Fget_info2(file, &file_info) < 0) return "HDF5: H5Fget_info2 failed";
  if (file_info.super.version < kChecksummedFormatVersion) {
    return "HDF5 superblock version " + std::to_string(file_info.super.version) +
           " has no checksum" + kConvert;
  }
  Visit visit;
  const herr_t status =
      H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, check_header, &visit, H5O_INFO_HDR);
  if (!visit.error.empty()) return visit.error;
  h5_check_status(status, "verifying the metadata of every object");
  return "";
}

}  // namespace vitvmc
