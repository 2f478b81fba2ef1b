#include "h5_format.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "vitvmc/io/h5.hpp"

namespace vitvmc {
namespace {

constexpr std::array<unsigned char, 8> kSignature = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

const char* const kConvert =
    "; vitvmc reads only HDF5 files with checksummed metadata (superblock and object headers "
    "version >= 2, written by vitvmc since checkpoint schema 4). An older checkpoint can be "
    "converted with `h5repack --latest -m 1 -f FLET OLD.h5 NEW.h5` (docs/checkpoint-format.md)";

// A checkpoint holds a few dozen objects two levels deep; a file beyond these bounds is not one.
// (HDF5's own H5Ovisit recurses without bound on a crafted group cycle whose link counts say 1.)
constexpr int kMaxGroupDepth = 16;
constexpr std::size_t kMaxObjects = 100000;

std::string unchecksummed_header(const std::string& path, unsigned version) {
  return "object " + path + " has an unchecksummed object header (version " +
         std::to_string(version) + ")" + kConvert;
}

/// The hard links of group `path` (soft and external links lead to no object of this file).
std::vector<std::string> hard_links(hid_t file, const std::string& path) {
  const H5Group group = h5_open_group(file, path);
  std::vector<std::string> names;
  const auto collect = [](hid_t, const char* name, const H5L_info_t* info, void* out) -> herr_t {
    if (info->type == H5L_TYPE_HARD) static_cast<std::vector<std::string>*>(out)->push_back(name);
    return 0;
  };
  hsize_t index = 0;
  h5_check_status(H5Literate(group.id(), H5_INDEX_NAME, H5_ITER_INC, &index, collect, &names),
                  "listing the links of " + path);
  return names;
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
  // Breadth first from the root, each object once (by address), bounded in depth and count.
  std::deque<std::pair<std::string, int>> queue{{"/", 0}};
  std::set<haddr_t> seen;
  while (!queue.empty()) {
    const auto [path, depth] = queue.front();
    queue.pop_front();
    H5O_info_t info{};
    h5_check_status(
        H5Oget_info_by_name2(file, path.c_str(), &info, H5O_INFO_BASIC | H5O_INFO_HDR, H5P_DEFAULT),
        "verifying the metadata of " + path);
    if (info.hdr.version < kChecksummedFormatVersion)
      return unchecksummed_header(path, info.hdr.version);
    if (!seen.insert(info.addr).second || info.type != H5O_TYPE_GROUP) continue;
    if (depth >= kMaxGroupDepth || seen.size() > kMaxObjects) {
      return "HDF5 object tree deeper than " + std::to_string(kMaxGroupDepth) +
             " groups or larger than " + std::to_string(kMaxObjects) + " objects (at " + path +
             "): not a vitvmc file";
    }
    for (const std::string& name : hard_links(file, path)) {
      queue.emplace_back((path == "/" ? path : path + "/") + name, depth + 1);
    }
  }
  return "";
}

}  // namespace vitvmc
