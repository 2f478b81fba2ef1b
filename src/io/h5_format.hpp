#pragma once
// Private to vitvmc_io. Checkpoints are written in the HDF5 1.10 file format, in which every piece
// of metadata (superblock version 2/3, object headers version 2, chunk indexes, link and attribute
// storage) carries a checksum that HDF5 verifies when it loads it. Older-format metadata has no
// checksum: HDF5 1.10.8 decodes a damaged message as it finds it, and some damage crashes the
// library itself (a layout message with a zero chunk dimension divides by zero in H5Dopen, a
// damaged object header size makes H5Fopen allocate gigabytes). The reader therefore refuses such
// files before HDF5 decodes anything beyond the superblock.

#include <hdf5.h>

#include <string>

namespace vitvmc {

/// The lowest format version HDF5 verifies with a checksum, for superblocks and object headers.
inline constexpr unsigned kChecksummedFormatVersion = 2;

/// File access bounds that make HDF5 write only checksummed metadata: (1.10, latest).
void h5_set_checksummed_format(hid_t fapl);

/// The superblock version of `path` as HDF5 would find it (signature at byte 0, 512, 1024, ...),
/// or -1 when there is no HDF5 signature. Reads the file directly: no HDF5 call.
int h5_superblock_version(const std::string& path);

/// "" when `path`'s superblock is checksummed (or absent: HDF5's open then reports "not HDF5"),
/// else a message saying what the file is and how to convert it. Call before opening the file.
std::string h5_unchecksummed_file_error(const std::string& path);

/// "" when the superblock of open `file` and the header of every object reachable from its root
/// group are checksummed (version >= 2), else a message naming the first object that is not. Loads
/// (and so checksum-verifies) each object header without decoding its messages; call it before
/// opening any group or dataset. Throws H5Error (with HDF5's stack) when a header fails to load,
/// e.g. "incorrect metadata checksum".
std::string h5_unchecksummed_object_error(hid_t file);

}  // namespace vitvmc
