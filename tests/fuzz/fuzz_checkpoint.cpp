// libFuzzer target: the checkpoint reader (read_checkpoint, as a restart calls it) on mutated
// HDF5 files. The input is written to a temporary file and read through the real collective path
// (parallel HDF5 over MPI-IO, one rank). A malformed file must end in CheckpointError; any other
// exception, a crash, a leak or an unbounded allocation is a bug.
#include <hdf5.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "vitvmc/io/checkpoint.hpp"
#include "vitvmc/parallel/environment.hpp"

namespace {

vitvmc::MpiEnvironment* environment = nullptr;

std::string temp_h5_path() {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/vitvmc_fuzz_checkpoint_" + std::to_string(::getpid()) +
         ".h5";
}

/// Reads `size` bytes as a checkpoint; CheckpointError is the expected verdict on damaged input.
void read_as_checkpoint(const std::uint8_t* data, std::size_t size) {
  static const std::string path = temp_h5_path();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  try {
    const vitvmc::CheckpointData d = vitvmc::read_checkpoint(path, environment->world());
    // A file that reads must be self-consistent in the ways a restart relies on.
    if (d.n_local_chains() != d.n_chains_total || d.log_psi.size() != d.n_local_chains() ||
        static_cast<vitvmc::Index>(d.rng_counters.size()) != d.n_local_chains()) {
      std::abort();
    }
  } catch (const vitvmc::CheckpointError&) {
    // The expected verdict on a damaged file.
  }
  // Every HDF5 object the reader opened is closed again, whatever the file held.
  if (H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  // MPI stays initialised for the whole run (singleton, no mpirun); it cannot be re-initialised.
  environment = new vitvmc::MpiEnvironment(*argc, *argv);
  // One read first: Open MPI loads its MPI-IO components at the first file open, and their one-time
  // allocations must not count as a leak of whichever input happens to come first.
  const std::uint8_t not_hdf5[] = "not an HDF5 file";
  read_as_checkpoint(not_hdf5, sizeof not_hdf5);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  read_as_checkpoint(data, size);
  return 0;
}
