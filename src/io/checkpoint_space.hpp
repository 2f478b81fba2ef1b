#pragma once
// Private to vitvmc_io. A full or read-only file system must stop a checkpoint before the first
// collective HDF5 write: an I/O error seen by one rank in the middle of parallel HDF5 leaves the
// other ranks waiting in a collective call (measured: ENOSPC on a 2-rank tmpfs hung both ranks).

#include <cstdint>
#include <string>

#include "vitvmc/io/checkpoint.hpp"

namespace vitvmc {

/// An upper bound on the size of the checkpoint file of `d` (replicated fields and all ranks'
/// chains): the data itself plus an allowance for HDF5 metadata (headers, attributes, B-trees).
std::uint64_t checkpoint_size_bound(const CheckpointData& d);

/// Checks that `bytes` can be written under `dir` now (space, quota, writable): allocates them in a
/// scratch file `<dir>/checkpoint.h5.space` and removes it again. Throws std::runtime_error saying
/// what failed. Where the file system cannot preallocate, compares with statvfs's free space.
void probe_free_space(const std::string& dir, std::uint64_t bytes);

}  // namespace vitvmc
